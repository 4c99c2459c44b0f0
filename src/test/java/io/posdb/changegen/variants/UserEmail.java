package io.posdb.changegen.variants;

import io.posdb.orm.Entities;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of release 2.1's worked example (user gets a nullable, unique e-mail), on a column no
 * real release adds ({@code test_email}): the generator's tests must still find a difference once
 * a release has added {@code user.email} itself.
 */
@Entity(name = "UserEmail")
@Table(name = "`user`")
public class UserEmail {

    public static final List<Class<?>> ALL = with(UserEmail.class);

    @Id
    private Long id;

    @Column(name = "test_email", unique = true, length = 255)
    private String testEmail;

    static List<Class<?>> with(Class<?>... extra) {
        List<Class<?>> all = new ArrayList<>(Entities.ALL);
        all.addAll(List.of(extra));
        return List.copyOf(all);
    }
}
