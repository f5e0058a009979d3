package dev.gatehouse.it.war.app;

import jakarta.enterprise.context.ApplicationScoped;

/** An application service that handlers inject. */
@ApplicationScoped
public class GreetingService {

    /** The greeting for a user. */
    public String greet(String user) {
        return "Hello, " + user + ", from a CDI service";
    }
}
