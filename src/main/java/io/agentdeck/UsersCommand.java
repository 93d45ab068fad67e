package io.agentdeck;

import io.agentdeck.config.DataDirectory;
import io.agentdeck.config.SettingsRepository;
import io.agentdeck.config.SettingsStore;
import io.agentdeck.engine.EngineException;
import io.agentdeck.engine.account.AccountService;
import io.agentdeck.engine.account.NewUser;
import io.agentdeck.engine.account.Role;
import io.agentdeck.engine.account.User;
import io.agentdeck.persistence.Database;
import io.agentdeck.persistence.DatabaseConfig;
import io.agentdeck.ui.DesktopApp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code agentdeck users add NAME [--admin]} and {@code agentdeck users list}: an operator's way to make the first
 * admin of a team's server, from the shell of any machine that reaches its database. It opens the database alone (the
 * migrations run), so it works while the server's nodes run; admins manage the rest over the API.
 */
final class UsersCommand {
    private static final String USAGE = "usage: agentdeck users add <name> [--admin] [--data-dir <path>]"
            + " | agentdeck users list [--data-dir <path>]";

    private UsersCommand() {}

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        Optional<Path> dataDir = Optional.empty();
        boolean admin = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--admin")) {
                admin = true;
            } else if (arg.equals("--data-dir") && i + 1 < args.size()) {
                dataDir = Optional.of(Path.of(args.get(++i)));
            } else if (arg.startsWith("--data-dir=")) {
                dataDir = Optional.of(Path.of(arg.substring("--data-dir=".length())));
            } else if (arg.startsWith("-")) {
                err.println("agentdeck users: unknown option '" + arg + "'\n" + USAGE);
                return 2;
            } else {
                words.add(arg);
            }
        }
        boolean add = words.size() == 2 && words.getFirst().equals("add");
        boolean list = words.size() == 1 && words.getFirst().equals("list") && !admin;
        if (!add && !list) {
            err.println(USAGE);
            return 2;
        }
        DatabaseConfig config;
        try {
            DataDirectory directory = Main.dataDirectory(dataDir, env);
            var settings = new SettingsRepository(SettingsStore.in(directory), Main.secretsOf(directory));
            config = AppContext.databaseConfig(directory, env, settings);
        } catch (IOException | RuntimeException e) {
            err.println("agentdeck users: " + e.getMessage());
            return 1;
        }
        if (config.isEmbedded()) {
            err.println("agentdeck users: accounts belong to a team's server on PostgreSQL; set "
                    + "AGENTDECK_DATABASE_URL (see docs/server-mode.md). The desktop has one user, who holds the API"
                    + " token in the data directory.");
            return 2;
        }
        try (Database database = Database.open(config)) {
            database.awaitReady();
            AccountService accounts = AppContext.accountsOf(config, database).orElseThrow();
            if (list) {
                for (User user : accounts.users()) {
                    out.println(
                            user.id() + "\t" + user.name() + "\t" + user.role().wireName());
                }
                return 0;
            }
            NewUser added = accounts.addUser(words.get(1), admin ? Role.ADMIN : Role.MEMBER);
            out.println(
                    "Added " + added.user().name() + " (" + added.user().role().wireName() + ", user id "
                            + added.user().id() + ").");
            out.println("Their API token, shown this once (send it as 'Authorization: Bearer <token>'):");
            out.println(added.token().secret());
            return 0;
        } catch (EngineException e) {
            err.println("agentdeck users: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("agentdeck users: the database could not be used: " + DesktopApp.reasonOf(e));
            return 1;
        }
    }
}
