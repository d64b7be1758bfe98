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
    private static final int SEQUENCING_BATCH = 20_000;

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

    /**
     * Status events after a feed position, in order: the outcome feed. Committed events are numbered
     * first, in a transaction of their own, so that no reader ever moves past an event committed late.
     */
    public List<StatusEvent> outcomesAfter(long afterSequence, int limit) {
        db.inTransaction(c -> vehicles.sequenceCommittedEvents(c, SEQUENCING_BATCH));
        return db.inTransaction(c -> vehicles.eventsAfter(c, afterSequence, limit));
    }
}
