package io.decant.demo;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ChaosIT's third oracle: legacy and service rows that differ (keys), compared with plain SQL and the demo's own mapping. */
final class LegacyVsService {
    private LegacyVsService() {
    }

    static List<Long> differences(DemoDatabase legacy, DemoDatabase service) throws SQLException {
        Map<Long, Order> legacyRows = new HashMap<>();
        OrderRows.legacy(legacy, (o, flags) -> legacyRows.put(o.id(), o));
        List<Long> differing = new ArrayList<>();
        OrderRows.service(service, (o, flags) -> {
            Order l = legacyRows.remove(o.id());
            if (!o.equals(l)) {
                differing.add(o.id());
            }
        });
        differing.addAll(legacyRows.keySet());
        return differing;
    }
}
