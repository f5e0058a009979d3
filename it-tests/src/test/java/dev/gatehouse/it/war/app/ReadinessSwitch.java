package dev.gatehouse.it.war.app;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code POST /CONTEXT/readiness?ready=false} (or {@code true}) sets {@link SwitchableReadinessCheck}. */
@WebServlet("/readiness")
public class ReadinessSwitch extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
        SwitchableReadinessCheck.set(Boolean.parseBoolean(request.getParameter("ready")));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }
}
