package com.otaplatform.console;

import java.util.List;

/** One page of a list, with the token of the next page (empty on the last). */
public record Page<T>(List<T> items, String nextPageToken) {
}
