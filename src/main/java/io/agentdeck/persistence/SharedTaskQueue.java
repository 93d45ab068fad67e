package io.agentdeck.persistence;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.ExecutionException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.agentdeck.engine.task.TaskQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task queue of nodes that share one PostgreSQL database, kept in db-scheduler's {@code scheduled_tasks} table
 * (ADR 23): a task is one one-time job named by its id; a node claims due jobs with {@code FOR UPDATE SKIP LOCKED}, so
 * exactly one node runs each; while it runs, the node beats a heartbeat, and a job whose heartbeats stop (its node was
 * killed) is run again by another node. Nodes need nothing but the database to find each other.
 */
public final class SharedTaskQueue implements TaskQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SharedTaskQueue.class);
    static final String JOB_NAME = "agentdeck-task";
    /** A job counts as dead after five missed beats: ten seconds after its node was killed. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);

    static final int MISSED_HEARTBEATS = 5;
    /** How often an idle node looks for jobs others queued; the node that queues one starts it at once if it can. */
    static final Duration POLLING = Duration.ofSeconds(1);
    /** A failure other than a hand-over (the database gone for a moment) is tried again after this long. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final OneTimeTask<Void> job;
    private final Scheduler scheduler;
    private volatile TaskRunner runner;
    private volatile boolean started;
    private final Database database;

    /**
     * @param nodeName how this node signs the jobs it claims (host and process id: several nodes may share a host)
     * @param workers how many tasks this node runs at once
     * @param database this node's open database, which says whether it was alone there and lets others join
     */
    public SharedTaskQueue(DatabaseConfig config, String nodeName, int workers, Database database) {
        this.database = database;
        this.dataSource = pool(config, workers);
        this.job = Tasks.oneTime(JOB_NAME).onFailure(this::afterFailure).execute((instance, context) -> {
            if (!runner.run(Long.parseLong(instance.getId()))) {
                throw new HandedOver();
            }
        });
        this.scheduler = Scheduler.create(dataSource, job)
                .schedulerName(new SchedulerName.Fixed(nodeName))
                .threads(workers)
                .pollingInterval(POLLING)
                .pollUsingLockAndFetch(0.5, 1.0)
                .heartbeatInterval(HEARTBEAT)
                .missedHeartbeatsLimit(MISSED_HEARTBEATS)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(30))
                // A hand-over is no failure, and afterFailure reports the real ones itself.
                .failureLogging(LogLevel.DEBUG, false)
                .build();
    }

    /** This process's name among the nodes: the host name and the process id. */
    public static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    private static HikariDataSource pool(DatabaseConfig config, int workers) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setPoolName("agentdeck-jobs");
        // One for each running job's completion, plus the poller and the heartbeats.
        pool.setMaximumPoolSize(workers + 3);
        pool.setMinimumIdle(1);
        pool.setConnectionTimeout(5_000);
        return new HikariDataSource(pool);
    }

    @Override
    public synchronized void start(TaskRunner runner) {
        if (started) {
            return;
        }
        this.runner = Objects.requireNonNull(runner, "runner");
        started = true;
        scheduler.start();
    }

    @Override
    public void add(long taskId) {
        scheduler.scheduleIfNotExists(job.instance(String.valueOf(taskId)), Instant.now());
    }

    @Override
    public boolean remove(long taskId) {
        try {
            scheduler.cancel(TaskInstanceId.of(JOB_NAME, String.valueOf(taskId)));
            return true;
        } catch (TaskInstanceCurrentlyExecutingException | TaskInstanceNotFoundException e) {
            return false;
        } catch (ExecutionException e) {
            // A node picked the job between the scheduler's look and its delete (the delete then removes nothing):
            // the job is claimed, as if it had been executing already.
            return false;
        }
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public boolean startedAlone() {
        return database.openedAlone();
    }

    @Override
    public void recoveryDone() {
        database.endRecovery();
    }

    private void afterFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
        boolean handedOver =
                complete.getCause().filter(HandedOver.class::isInstance).isPresent();
        if (!handedOver) {
            LOG.warn(
                    "Task {} could not be run; trying again in {} s",
                    complete.getExecution().taskInstance.getId(),
                    RETRY_AFTER_FAILURE.toSeconds(),
                    complete.getCause().orElse(null));
        }
        operations.reschedule(complete, Instant.now().plus(handedOver ? Duration.ZERO : RETRY_AFTER_FAILURE));
    }

    /** Waits for the tasks running here to end (the processor has asked them to stop), then closes the pool. */
    @Override
    public synchronized void close() {
        if (dataSource.isClosed()) {
            return;
        }
        try {
            if (started) {
                scheduler.stop();
            }
        } finally {
            dataSource.close();
        }
    }

    /** This node stopped before the task ended: the job goes back to the table for another node. */
    private static final class HandedOver extends RuntimeException {
        HandedOver() {
            super("handed over to another node", null, false, false);
        }
    }
}
