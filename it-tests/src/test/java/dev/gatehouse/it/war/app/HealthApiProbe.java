package dev.gatehouse.it.war.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /CONTEXT/health-api}: {@code present} or {@code absent}, whether this application can load MicroProfile Health. */
@WebServlet("/health-api")
public class HealthApiProbe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer;
        try {
            Class.forName("org.eclipse.microprofile.health.HealthCheck", false, getClass().getClassLoader());
            answer = "present";
        } catch (ClassNotFoundException e) {
            answer = "absent";
        }
        response.setContentType("text/plain");
        response.getWriter().write(answer);
    }
}
