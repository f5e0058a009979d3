package dev.gatehouse.it.war.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;

/** {@code GET /meters}: every Gatehouse counter and timer count of the application's registry, one per line. */
@WebServlet("/meters")
public class MetersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    MeterRegistry registry;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("gatehouse."))
                .map(m -> line(m)).sorted().collect(Collectors.joining("\n", "", "\n")));
    }

    private static String line(Meter m) {
        String tags = m.getId().getTags().stream().map(t -> t.getKey() + "=" + t.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        double value = m instanceof Counter c ? c.count() : m instanceof Timer t ? t.count() : Double.NaN;
        return m.getId().getName() + tags + " " + value;
    }
}
