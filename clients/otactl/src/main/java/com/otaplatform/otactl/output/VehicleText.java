package com.otaplatform.otactl.output;

import com.otaplatform.fleet.v1.Ecu;
import com.otaplatform.fleet.v1.RegisterVehicleResponse;
import com.otaplatform.fleet.v1.ReprovisionVehicleResponse;
import com.otaplatform.fleet.v1.Vehicle;
import com.otaplatform.fleet.v1.VehicleEvent;
import com.otaplatform.fleet.v1.VersionCount;
import com.otaplatform.vehicle.v1.StatusEvent;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Vehicles, their update history and the version distribution of an ECU, as text. */
public final class VehicleText {
    private static final int BAR_WIDTH = 20;

    private VehicleText() {
    }

    /** "model=SU7, region=EU", sorted by key; "-" when there are none. */
    public static String attributes(Vehicle v) {
        return v.getAttributesMap().isEmpty() ? "-" : v.getAttributesMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** "adas-main 2.4.1, gateway 1.0.0" in the vehicle's order; an ECU that reports no version shows "-". */
    public static String ecuVersions(Vehicle v) {
        return v.getEcusList().isEmpty() ? "-" : v.getEcusList().stream()
                .map(e -> e.getEcu() + " " + Formats.orDash(e.getInstalledVersion())).collect(Collectors.joining(", "));
    }

    /** What {@code otactl vehicle register} prints: the factory token, once, and where it goes. */
    public static void registered(RegisterVehicleResponse r, PrintWriter out) {
        Vehicle v = r.getVehicle();
        out.println("Registered " + v.getName() + (v.getAttributesMap().isEmpty() ? "" : " (" + attributes(v) + ")") + ".");
        out.println("factory token: " + r.getFactoryToken());
        out.println();
        out.println("The token is shown only this once (the platform keeps its hash) and buys one certificate. Give it to");
        out.println("the vehicle's agent, which provisions itself with it on its first run (key pair, CSR, certificate):");
        agentCommand(v.getVin(), "", r.getFactoryToken(), out);
        out.println("(or OTA_FACTORY_TOKEN in its environment). The vehicle shows in `otactl vehicle show " + v.getVin()
                + "` once it has checked in.");
        out.flush();
    }

    /** What {@code otactl vehicle reprovision} prints: the new factory token, once, and the agent's command that spends it. */
    public static void reprovisioned(ReprovisionVehicleResponse r, PrintWriter out) {
        Vehicle v = r.getVehicle();
        out.println("Issued " + v.getName() + (v.getAttributesMap().isEmpty() ? "" : " (" + attributes(v) + ")")
                + " a new factory token.");
        out.println("factory token: " + r.getFactoryToken());
        out.println();
        out.println("The token is shown only this once and replaces the vehicle's earlier one. The vehicle keeps its certificate");
        out.println("and ECU keys until its agent spends the token, once, with its state dir (a new key pair, CSR and certificate,");
        out.println("its ECUs' keys registered anew); from then on its old certificate and ECU keys are refused:");
        agentCommand(v.getVin(), "--reprovision ", r.getFactoryToken(), out);
        out.flush();
    }

    private static void agentCommand(String vin, String flag, String token, PrintWriter out) {
        out.println("  vehicle-agent run " + flag + "--vin " + vin + " --factory-token " + token + " \\");
        out.println("    --endpoint CHECKIN_HOST:8443 --server-ca CHECKIN_CA.pem --state-dir DIR --ecu SERIAL:ECU:HW ...");
    }

    public static void table(List<Vehicle> vehicles, PrintWriter out) {
        TextTable t = new TextTable("VIN", "ATTRIBUTES", "ECUS", "LAST SEEN");
        for (Vehicle v : vehicles) {
            t.row(v.getVin(), attributes(v), ecuVersions(v), Formats.time(v.getLastSeenTime()));
        }
        t.print(out);
    }

    /** One vehicle: attributes, ECUs, and its latest update events (newest first). */
    public static void details(Vehicle v, List<VehicleEvent> latest, boolean more, PrintWriter out) {
        out.println("name:        " + v.getName());
        out.println("attributes:  " + attributes(v));
        out.println("registered:  " + Formats.time(v.getCreateTime()));
        out.println("last seen:   " + Formats.time(v.getLastSeenTime()));
        out.println("ECUs:");
        TextTable ecus = new TextTable("  SERIAL", "ECU", "HARDWARE", "VERSION", "TARGET", "PRIMARY");
        for (Ecu e : v.getEcusList()) {
            ecus.row("  " + e.getEcuSerial(), e.getEcu(), e.getHardwareId(), Formats.orDash(e.getInstalledVersion()),
                    Formats.orDash(e.getInstalledTarget()), e.getPrimary() ? "yes" : "");
        }
        ecus.print(out);
        if (latest.isEmpty()) {
            out.println("No update events.");
        } else {
            out.println(more ? "Latest " + latest.size() + " update events (all of them: otactl vehicle history " + v.getVin() + "):"
                    : "Update events:");
            events(latest, "  ", out);
        }
        out.flush();
    }

    /** Update events as a table, in the order given; {@code indent} goes before every line. */
    public static void events(List<VehicleEvent> events, String indent, PrintWriter out) {
        TextTable t = new TextTable(indent + "TIME", "PHASE", "ROLLOUT", "ECU SERIAL", "ERROR", "MESSAGE");
        for (VehicleEvent e : events) {
            StatusEvent s = e.getEvent();
            t.row(indent + Formats.time(s.hasOccurTime() ? s.getOccurTime() : e.getReceiveTime()), Formats.enumName(s.getPhase(), "UPDATE_PHASE_"),
                    Formats.orDash(s.getRollout()), Formats.orDash(s.getEcuSerial()), Formats.orDash(s.getErrorCode()), s.getMessage());
        }
        t.print(out);
    }

    /** Vehicles per installed version of {@code ecu}: count, share and a bar of the share. */
    public static void versions(String ecu, List<VersionCount> counts, PrintWriter out) {
        long total = counts.stream().mapToLong(VersionCount::getVehicles).sum();
        out.println(total + (total == 1 ? " vehicle reports" : " vehicles report") + " ECU " + ecu + ":");
        TextTable t = new TextTable("VERSION", "VEHICLES", "SHARE", "");
        for (VersionCount c : counts) {
            t.row(c.getVersion().isEmpty() ? "(none)" : c.getVersion(), c.getVehicles(), share(c.getVehicles(), total),
                    bar(c.getVehicles(), total));
        }
        t.print(out);
    }

    /** 1 of 3 -> "33.3%". */
    static String share(long part, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", part * 100.0 / total);
    }

    /** A bar of {@code part}/{@code total}, at least one mark for a count above zero. */
    static String bar(long part, long total) {
        int marks = total == 0 ? 0 : (int) Math.round(part * (double) BAR_WIDTH / total);
        return "#".repeat(part > 0 ? Math.max(1, marks) : 0);
    }
}
