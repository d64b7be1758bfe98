package com.otaplatform.otactl.cli;

/** How a command prints its data. */
public enum OutputFormat {
    text, json
}
