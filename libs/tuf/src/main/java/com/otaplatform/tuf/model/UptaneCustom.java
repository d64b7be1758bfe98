package com.otaplatform.tuf.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.otaplatform.tuf.json.Json;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builders for the Uptane {@code custom} objects of targets. */
public final class UptaneCustom {
    private UptaneCustom() {
    }

    /** Image repository target: the hardware it is built for and its release counter. */
    public static ObjectNode image(List<String> hardwareIds, long releaseCounter) {
        ObjectNode c = Json.object();
        hardwareIds.forEach(c.putArray("hardwareIds")::add);
        c.put("releaseCounter", releaseCounter);
        return c;
    }

    /** Director target: binds the image to one ECU serial and its hardware id. */
    public static ObjectNode director(String ecuSerial, String hardwareId, long releaseCounter) {
        return director(Map.of(ecuSerial, hardwareId), releaseCounter);
    }

    /** Director target: binds the image to each of these ECU serials (serial to hardware id). */
    public static ObjectNode director(Map<String, String> hardwareIdBySerial, long releaseCounter) {
        ObjectNode c = Json.object();
        ObjectNode ids = c.putObject("ecuIdentifiers");
        new TreeMap<>(hardwareIdBySerial).forEach((serial, hardwareId) -> ids.putObject(serial).put("hardwareId", hardwareId));
        c.put("releaseCounter", releaseCounter);
        return c;
    }
}
