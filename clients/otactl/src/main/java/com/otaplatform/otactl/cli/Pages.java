package com.otaplatform.otactl.cli;

import java.util.ArrayList;
import java.util.List;

/** Reads a paged list call until {@code limit} items or the last page: every list command pages through this. */
public final class Pages {
    /** Largest page the services serve. */
    static final int MAX_PAGE_SIZE = 1000;

    /** One page as a list call answered it. */
    public record Page<T>(List<T> items, String nextPageToken) {
    }

    /** One list call: the page of at most {@code pageSize} items after {@code pageToken}. */
    public interface Call<T> {
        Page<T> page(int pageSize, String pageToken);
    }

    private Pages() {
    }

    /** Every item, in the order the pages give them. */
    public static <T> List<T> all(Call<T> call) {
        return read(Long.MAX_VALUE, call);
    }

    /** At most {@code limit} items, in the order the pages give them. */
    public static <T> List<T> read(long limit, Call<T> call) {
        List<T> all = new ArrayList<>();
        String token = "";
        do {
            Page<T> page = call.page((int) Math.min(MAX_PAGE_SIZE, Math.max(1, limit - all.size())), token);
            all.addAll(page.items());
            token = page.nextPageToken();
        } while (!token.isEmpty() && all.size() < limit);
        return all.size() > limit ? all.subList(0, (int) limit) : all;
    }
}
