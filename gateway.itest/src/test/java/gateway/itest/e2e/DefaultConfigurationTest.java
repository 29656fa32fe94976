package gateway.itest.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every configurable PID of the distribution's bundles (their metatype: {@code @Designate} with an
 * {@code @ObjectClassDefinition}) has a default file in {@code etc/} listing each attribute commented out with its
 * default and a description above it, so an operator finds every setting where the README says. A setting is
 * written {@code #name = default}; prose lines start with {@code "# "}.
 */
class DefaultConfigurationTest {
    private static final Path DIST = Path.of(System.getProperty("gateway.dist", "../distribution/target/gateway")).toAbsolutePath();

    /** One attribute of a PID, as its bundle's metatype declares it. */
    record Attribute(String pid, String id, String defaultValue) {}

    /** The configurable PIDs of the gateway's own bundles and their attributes, read from the built jars. */
    static Map<String, List<Attribute>> designatedPids() throws Exception {
        Map<String, List<Attribute>> pids = new LinkedHashMap<>();
        try (Stream<Path> jars = Files.list(DIST.resolve("bundles"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("gateway.")).sorted().toList()) {
                try (JarFile j = new JarFile(jar.toFile())) {
                    for (var e : j.stream().filter(e -> e.getName().startsWith("OSGI-INF/metatype/") && e.getName().endsWith(".xml")).toList()) {
                        try (InputStream in = j.getInputStream(e)) {
                            read(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in), pids);
                        }
                    }
                }
            }
        }
        return pids;
    }

    private static void read(Document doc, Map<String, List<Attribute>> pids) {
        Map<String, Element> ocds = new LinkedHashMap<>();
        NodeList ocdNodes = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            ocds.put(ocd.getAttribute("id"), ocd);
        }
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String pid = d.hasAttribute("factoryPid") && !d.getAttribute("factoryPid").isEmpty() ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            Element object = (Element) d.getElementsByTagName("Object").item(0);
            Element ocd = ocds.get(object.getAttribute("ocdref"));
            List<Attribute> attributes = new ArrayList<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int k = 0; k < ads.getLength(); k++) {
                Element ad = (Element) ads.item(k);
                attributes.add(new Attribute(pid, ad.getAttribute("id"), ad.getAttribute("default")));
            }
            pids.put(pid, attributes);
        }
    }

    @Test
    void everyConfigurablePidHasACommentedDefaultFileWithEveryAttribute() throws Exception {
        Map<String, List<Attribute>> pids = designatedPids();
        assertTrue(pids.keySet().containsAll(List.of("gateway.http", "gateway.sse", "gateway.srt", "gateway.whip", "gateway.recorder")),
                "the metatype of the built bundles was found: " + pids.keySet());
        List<String> problems = new ArrayList<>();
        for (var entry : pids.entrySet()) {
            Path file = DIST.resolve("etc").resolve(entry.getKey() + ".cfg");
            if (!Files.isRegularFile(file)) {
                problems.add(entry.getKey() + ": no default file etc/" + file.getFileName());
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (Attribute a : entry.getValue()) {
                Pattern setting = Pattern.compile("#" + Pattern.quote(a.id()) + "\\s*=\\s*" + Pattern.quote(a.defaultValue()) + "\\s*");
                int at = -1;
                for (int i = 0; i < lines.size(); i++) if (setting.matcher(lines.get(i)).matches()) at = i;
                if (at < 0) {
                    problems.add(file.getFileName() + ": no line '#" + a.id() + " = " + a.defaultValue() + "'");
                    continue;
                }
                // a description: the comment block above the setting (or above a group of settings) has prose
                boolean described = false;
                for (int i = at - 1; i >= 0 && lines.get(i).startsWith("#") && !lines.get(i).trim().equals("#"); i--) {
                    if (!lines.get(i).matches("#[\\w.]+\\s*=.*")) described = true;
                }
                if (!described) problems.add(file.getFileName() + ": '" + a.id() + "' has no description above it");
            }
            for (String line : lines) {
                if (!line.isBlank() && !line.startsWith("#")) problems.add(file.getFileName() + ": a setting is not commented out: " + line);
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDefaultFileBelongsToAConfigurablePid() throws Exception {
        Map<String, List<Attribute>> pids = designatedPids();
        try (Stream<Path> files = Files.list(DIST.resolve("etc"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                String pid = f.getFileName().toString().replaceFirst("\\.cfg$", "");
                assertTrue(pids.containsKey(pid), f.getFileName() + " configures no PID of the gateway's bundles");
                for (String line : Files.readAllLines(f)) {
                    var m = Pattern.compile("#([\\w.]+)\\s*=.*").matcher(line); // a setting; prose has a space after '#'
                    if (m.matches()) {
                        assertFalse(pids.get(pid).stream().noneMatch(a -> a.id().equals(m.group(1))),
                                f.getFileName() + " names '" + m.group(1) + "', which " + pid + " does not have");
                    }
                }
            }
        }
    }
}
