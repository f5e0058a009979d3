/** Text helpers the stages share; depends on no other part of Gatehouse. */
package dev.gatehouse.internal.text;
