package io.posdb.changegen.variants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;

/** A NOT NULL column without a default on an existing table: refused. */
@Entity(name = "UserNickname")
@Table(name = "`user`")
public class UserNickname {

    public static final List<Class<?>> ALL = UserEmail.with(UserNickname.class);

    @Id
    private Long id;

    @Column(name = "nickname", nullable = false, length = 40)
    private String nickname;
}
