package dev.docreactor.reactor.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who sent an HTTP request, once authenticated, and the roles granted to them.
 *
 * @param name the principal's name, as the principals file gives it (logged; never a credential)
 * @param roles what the principal may do
 */
public record Caller(String name, Set<Role> roles) {

    /** Every caller when the API has no authentication configured. */
    public static final Caller ANYONE = new Caller("anonymous", EnumSet.allOf(Role.class));

    /** Copies the roles. */
    public Caller {
        roles = Set.copyOf(roles);
    }

    /** Whether this caller holds {@code role}. */
    public boolean may(Role role) {
        return roles.contains(role);
    }
}
