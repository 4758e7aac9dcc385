package dev.pca.application.internal;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for issuance. Concurrent requests queue what they issued; one of them at a time, the
 * writer, stores everything queued in one transaction, and each request returns once the batch
 * holding its own certificate has committed. The writer is a waiting request thread, not a thread
 * of its own, so under light load every batch is a single request and nobody waits for a timer. A
 * failed batch is written again one entry at a time, so one bad entry fails only its own request.
 *
 * <p>A request with work of its own to do meanwhile (signing its reply) {@link #submit submits}
 * instead: a managed thread writes, and the request waits only when it has nothing left to do. If
 * that thread has not started by then, the request writes itself, so a busy executor delays
 * nothing.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class GroupCommit {
  private static final int MAX_BATCH = 64;
  private static final long WAIT_MILLIS = 100;

  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private final Object batchEnded = new Object();

  @EJB private IssuanceWriter writer;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  private Executor executor;

  public GroupCommit() {}

  GroupCommit(IssuanceWriter writer, Executor executor) {
    this.writer = writer;
    this.executor = executor;
  }

  /** An entry on its way to the database. */
  public interface Stored {
    /** Returns once the entry has committed; throws what its transaction failed with. */
    void await();
  }

  /** One queued entry and how its batch ended. */
  private final class Pending implements Stored {
    final IssuanceWriter.Entry entry;
    volatile boolean done;
    volatile RuntimeException failure;

    Pending(IssuanceWriter.Entry entry) {
      this.entry = entry;
    }

    @Override
    public void await() {
      drive(this);
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Returns once {@code entry} has committed; throws what its transaction failed with. */
  public void store(IssuanceWriter.Entry entry) {
    Pending mine = new Pending(entry);
    queue.add(mine);
    mine.await();
  }

  /**
   * Queues {@code entry} and, when nothing else is being stored, has a managed thread write it
   * while the caller goes on. Otherwise the server is busy and the entry joins the next batch, as
   * with {@link #store}: handing it to a thread would only cost a switch.
   */
  public Stored submit(IssuanceWriter.Entry entry) {
    Pending mine = new Pending(entry);
    boolean idle = queue.isEmpty() && !writing.isLocked();
    queue.add(mine);
    if (idle) {
      try {
        executor.execute(() -> drive(mine));
      } catch (RejectedExecutionException e) {
        // Nothing lost: the caller's await writes.
      }
    }
    return mine;
  }

  /** Writes batches, or waits for the writer, until {@code mine} is done. */
  private void drive(Pending mine) {
    while (!mine.done) {
      if (writing.tryLock()) {
        try {
          while (!mine.done) {
            writeBatch();
          }
        } finally {
          writing.unlock();
          wakeWaiters();
        }
      } else {
        awaitBatch(mine);
      }
    }
  }

  private void writeBatch() {
    List<Pending> batch = new ArrayList<>();
    for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
      batch.add(next);
    }
    try {
      writer.writeAlone(batch.stream().map(p -> p.entry).toList());
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        batch.get(0).failure = e;
      } else {
        batch.forEach(this::writeOne);
      }
    }
    batch.forEach(p -> p.done = true);
    wakeWaiters();
  }

  private void writeOne(Pending pending) {
    try {
      writer.writeAlone(List.of(pending.entry));
    } catch (RuntimeException e) {
      pending.failure = e;
    }
  }

  private void wakeWaiters() {
    synchronized (batchEnded) {
      batchEnded.notifyAll();
    }
  }

  /** Waits while another request writes; wakes when a batch ends or the writer stops. */
  private void awaitBatch(Pending mine) {
    synchronized (batchEnded) {
      if (!mine.done && writing.isLocked()) {
        try {
          batchEnded.wait(WAIT_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the certificate was being stored", e);
        }
      }
    }
  }
}
