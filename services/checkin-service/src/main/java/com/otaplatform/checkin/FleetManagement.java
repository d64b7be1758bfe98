package com.otaplatform.checkin;

import com.otaplatform.checkin.repository.VehicleRepository;
import com.otaplatform.common.ApiException;
import com.otaplatform.common.Database;
import com.otaplatform.common.Selector;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The fleet as people and other services read it. */
@ApplicationScoped
public class FleetManagement {
    private static final int SEQUENCING_BATCH = 20_000;
    // an ECU reports its version as free text: bound the answer even if a fleet reports thousands
    private static final int MAX_VERSIONS = 1000;

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

    /** One page, by VIN, of the vehicles whose VIN starts with the prefix and that the selector selects. */
    public List<Vehicle> search(String vinPrefix, Selector selector, long offset, int limit) {
        return db.inTransaction(c -> vehicles.search(c, vinPrefix, selector, offset, limit));
    }

    /** One page of a vehicle's update history, newest first; NOT_FOUND for a vehicle never seen. */
    public List<StatusEvent> history(String vin, long offset, int limit) {
        return db.inTransaction(c -> {
            if (vehicles.find(c, vin).isEmpty()) {
                throw ApiException.notFound("vehicles/" + vin);
            }
            return vehicles.eventsOf(c, vin, offset, limit);
        });
    }

    /** Selected vehicles per installed version of the ECU, most common first. */
    public List<VersionCount> versionDistribution(String ecu, Selector selector) {
        return db.inTransaction(c -> vehicles.versionCounts(c, ecu, selector, MAX_VERSIONS));
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
