/** Internal: settings declared once (name, default, check, documentation) and their values. Not API. */
package dev.gatehouse.internal.config;
