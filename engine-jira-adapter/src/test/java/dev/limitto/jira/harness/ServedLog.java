package dev.limitto.jira.harness;

import java.util.ArrayList;
import java.util.List;

/** Every request the sample application served, in order. Thread-safe. */
public final class ServedLog {

  private final List<Served> served = new ArrayList<>();

  public synchronized void add(Served s) {
    served.add(s);
  }

  public synchronized int size() {
    return served.size();
  }

  /** What was served from index {@code from} on. */
  public synchronized List<Served> since(int from) {
    return List.copyOf(served.subList(from, served.size()));
  }

  public synchronized List<Served> all() {
    return List.copyOf(served);
  }
}
