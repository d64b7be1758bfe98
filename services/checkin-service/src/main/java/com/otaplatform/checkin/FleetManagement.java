package com.otaplatform.checkin;

import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The fleet as people and other services read it. */
@ApplicationScoped
public class FleetManagement {
    private final Database db;
    private final VehicleRepository vehicles;

    FleetManagement(AgroalDataSource dataSource, VehicleRepository vehicles) {
        this.db = new Database(dataSource);
        this.vehicles = vehicles;
    }

    /** The vehicle, or NOT_FOUND. */
    public Vehicle get(String vin) {
        return db.inTransaction(c -> vehicles.find(c, vin)).orElseThrow(() -> ApiException.notFound("vehicles/" + vin));
    }

    /** One page of vehicles whose VIN starts with the prefix, by VIN. */
    public List<Vehicle> list(String vinPrefix, long offset, int limit) {
        return db.inTransaction(c -> vehicles.listByPrefix(c, vinPrefix, offset, limit));
    }

    /** Status events after a sequence number, in order: the outcome feed. */
    public List<StatusEvent> outcomesAfter(long afterSequence, int limit) {
        return db.inTransaction(c -> vehicles.eventsAfter(c, afterSequence, limit));
    }
}
