package dev.flywheel.local.provision;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What provisioning made: physical names and URLs of the topology's queues and tables. */
public record Resources(Map<String, String> queueUrls, Map<String, String> queueArns, Map<String, String> tableNames) {
    public Resources {
        // in topology order, for people reading them
        queueUrls = Collections.unmodifiableMap(new LinkedHashMap<>(queueUrls));
        queueArns = Collections.unmodifiableMap(new LinkedHashMap<>(queueArns));
        tableNames = Collections.unmodifiableMap(new LinkedHashMap<>(tableNames));
    }

    public String queueUrl(String queue) {
        String url = queueUrls.get(queue);
        if (url == null) throw new IllegalArgumentException("queue " + queue + " was not provisioned");
        return url;
    }

    public String table(String table) {
        String name = tableNames.get(table);
        if (name == null) throw new IllegalArgumentException("table " + table + " was not provisioned");
        return name;
    }
}
