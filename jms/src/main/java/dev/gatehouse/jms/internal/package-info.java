/** The Jakarta Messaging implementation of the JMS backplane; not an API. */
package dev.gatehouse.jms.internal;
