package io.agentdeck.engine.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.ErrorKind;
import io.agentdeck.testing.TestDatabase;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Users and their tokens on the real store: secrets shown once and kept only as hashes, revocation at once. */
class AccountServiceTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private AccountService accounts;

    @BeforeEach
    void start() {
        accounts = new AccountService(db.accounts(), db.clock(), new SecureRandom());
    }

    @Test
    void aNewUsersFirstTokenLetsThemInUntilItIsRevoked() {
        NewUser ada = accounts.addUser("ada", Role.ADMIN);

        assertThat(ada.user().isAdmin()).isTrue();
        assertThat(ada.token().secret()).startsWith(AccountService.TOKEN_PREFIX).hasSizeGreaterThan(40);
        assertThat(ada.token().toString()).doesNotContain(ada.token().secret());
        assertThat(accounts.authenticate(ada.token().secret())).contains(ada.user());

        db.clock().advance(Duration.ofMinutes(1));
        accounts.revokeToken(ada.user().id(), ada.token().info().id());

        assertThat(accounts.authenticate(ada.token().secret())).isEmpty();
        assertThat(accounts.tokens(ada.user().id()))
                .singleElement()
                .satisfies(token -> assertThat(token.revokedAt()).isPresent());
        assertThatThrownBy(() ->
                        accounts.revokeToken(ada.user().id(), ada.token().info().id()))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void onlyTheHashOfASecretIsStoredAndAnotherSecretOrAGuessLetsNobodyIn() {
        NewUser bob = accounts.addUser("bob", Role.MEMBER);
        NewToken laptop = accounts.createToken(bob.user().id(), "laptop");

        assertThat(laptop.secret()).isNotEqualTo(bob.token().secret());
        assertThat(accounts.authenticate(laptop.secret())).contains(bob.user());
        assertThat(accounts.authenticate(laptop.secret() + "x")).isEmpty();
        assertThat(accounts.authenticate("adk_")).isEmpty();
        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(db.accounts().userOfToken(laptop.secret()))
                .as("the secret itself is no key in the store")
                .isEmpty();
        assertThat(db.accounts().userOfToken(AccountService.hash(laptop.secret())))
                .contains(bob.user());
        assertThat(accounts.tokens(bob.user().id())).extracting(TokenInfo::name).containsExactly("laptop", "first");
    }

    @Test
    void aTakenNameABadNameAndAnUnknownUserAreClearErrors() {
        accounts.addUser("ada", Role.ADMIN);

        assertThatThrownBy(() -> accounts.addUser("ada", Role.MEMBER))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        for (String bad : new String[] {"", " ", "two words", "-dash", "x".repeat(65), "ä"}) {
            assertThatThrownBy(() -> accounts.addUser(bad, Role.MEMBER))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
        }
        assertThatThrownBy(() -> accounts.createToken(999, "x"))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        long ada = accounts.users().getFirst().id();
        assertThatThrownBy(() -> accounts.createToken(ada, " "))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }
}
