package io.posdb.migration.role;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One user whose role the remap changed; {@code note} explains unusual cases (an unknown role). */
public record RoleChange(@JsonProperty("user_id") long userId,
                         @JsonProperty("name") String name,
                         @JsonProperty("old_role") String oldRole,
                         @JsonProperty("new_role") String newRole,
                         @JsonProperty("note") String note) {
}
