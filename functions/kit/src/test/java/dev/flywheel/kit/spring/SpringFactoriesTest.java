package dev.flywheel.kit.spring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's META-INF/spring.factories must be exactly the merge of the Spring jars' own (the deployment jars keep
 * only the kit's). After a Spring upgrade this fails with the difference: paste the new merge into the file.
 */
class SpringFactoriesTest {

    @Test
    void theKitsFactoriesAreTheMergeOfTheSpringJars() throws IOException {
        Map<String, Set<String>> kit = new TreeMap<>();
        Map<String, Set<String>> spring = new TreeMap<>();
        int springFiles = 0;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
            boolean ours = !url.getProtocol().equals("jar");
            if (!ours) springFiles++;
            read(url, ours ? kit : spring);
        }
        assertTrue(springFiles >= 5, "the Spring jars' own files are on the test classpath: " + springFiles);
        assertEquals(spring, kit, "functions/kit/src/main/resources/META-INF/spring.factories is out of date");
    }

    private static void read(URL url, Map<String, Set<String>> into) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        }
        properties.forEach((key, value) -> into.computeIfAbsent((String) key, k -> new TreeSet<>())
                .addAll(Arrays.stream(((String) value).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList()));
    }
}
