package gateway.itest.osgi;

import gateway.itest.osgi.slowdetach.SlowDetachHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds a plugin bundle around {@link SlowDetachHandler}: its classes and a Declarative Services descriptor. */
final class HandlerBundle {
    static final String SYMBOLIC_NAME = "itest.slowdetach";
    private static final String PACKAGE = SlowDetachHandler.class.getPackageName().replace('.', '/');
    private static final String COMPONENT = """
            <?xml version="1.0" encoding="UTF-8"?>
            <scr:component xmlns:scr="http://www.osgi.org/xmlns/scr/v1.3.0" name="itest.slowdetach" immediate="true"
                           activate="activate" deactivate="deactivate">
              <implementation class="gateway.itest.osgi.slowdetach.SlowDetachHandler"/>
              <service><provide interface="gateway.api.stream.MediaHandler"/></service>
              <property name="gateway.media.name" type="String" value="itest-slow-detach"/>
              <property name="gateway.media.target" type="String" value="(metadata.itest.whiteboard=true)"/>
              <reference name="events" interface="gateway.api.event.GatewayEvents" bind="setEvents"/>
              <reference name="registry" interface="gateway.api.stream.StreamRegistry" bind="setRegistry"/>
            </scr:component>
            """;

    private HandlerBundle() {
    }

    static InputStream slowDetach() throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", SYMBOLIC_NAME);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "gateway.api.event;version=\"[1.0,2)\",gateway.api.stream;version=\"[1.2,2)\","
                + "org.osgi.framework;version=\"[1.8,2)\"");
        a.putValue("Service-Component", "OSGI-INF/itest.slowdetach.xml");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out, m)) {
            for (String name : new String[] {"SlowDetachHandler", "SlowDetachSession"}) {
                jar.putNextEntry(new JarEntry(PACKAGE + "/" + name + ".class"));
                try (InputStream in = SlowDetachHandler.class.getResourceAsStream(name + ".class")) {
                    if (in == null) throw new IOException("class file of " + name + " not found");
                    in.transferTo(jar);
                }
            }
            jar.putNextEntry(new JarEntry("OSGI-INF/itest.slowdetach.xml"));
            jar.write(COMPONENT.getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
