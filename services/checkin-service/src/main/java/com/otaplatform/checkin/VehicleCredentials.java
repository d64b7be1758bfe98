package com.otaplatform.checkin;

/** What a newly provisioned vehicle takes home: its client certificate, the vehicle CA chain, and the roots to trust first. */
public record VehicleCredentials(String certificatePem, String caChainPem, byte[] imageRoot) {
}
