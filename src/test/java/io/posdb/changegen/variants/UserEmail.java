package io.posdb.changegen.variants;

import io.posdb.orm.Entities;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** Release 2.1's worked example: user gets a nullable, unique email. */
@Entity(name = "UserEmail")
@Table(name = "`user`")
public class UserEmail {

    public static final List<Class<?>> ALL = with(UserEmail.class);

    @Id
    private Long id;

    @Column(name = "email", unique = true, length = 255)
    private String email;

    static List<Class<?>> with(Class<?>... extra) {
        List<Class<?>> all = new ArrayList<>(Entities.ALL);
        all.addAll(List.of(extra));
        return List.copyOf(all);
    }
}
