package org.envbench.http.serve;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.envbench.core.Kernel;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /kernels}: the catalog, one object per kernel with its unit and allowed sizes. */
final class KernelsRoute extends Route {

    KernelsRoute(ServerState state) {
        super(state, "GET", "HEAD");
    }

    @Override
    void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.write(response, 200, catalog(state));
    }

    static List<Map<String, Object>> catalog(ServerState state) {
        return state.kernels.values().stream().map(KernelsRoute::describe).toList();
    }

    static Map<String, Object> describe(Kernel kernel) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", kernel.name());
        entry.put("kind", kernel.resource().label());
        entry.put("unit", kernel.unit().symbol());
        entry.put("higher_is_better", kernel.higherIsBetter());
        entry.put("size_meaning", kernel.sizeMeaning());
        entry.put("default_size", kernel.defaultSize());
        entry.put("min_size", kernel.minSize());
        entry.put("max_size", kernel.maxSize());
        return entry;
    }
}
