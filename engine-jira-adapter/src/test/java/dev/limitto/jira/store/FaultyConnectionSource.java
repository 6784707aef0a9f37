package dev.limitto.jira.store;

import dev.limitto.jira.db.ConnectionSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real source and makes the n-th database step fail: every statement execution and
 * every commit counts as a step. The failure quotes a made-up hash, as some drivers quote the
 * values of the failed statement, so tests can check it never reaches a store message.
 */
final class FaultyConnectionSource implements ConnectionSource {

  /** Text of the injected failure, with a hash-like literal that must never be shown. */
  static final String FAULT_MESSAGE =
      "injected fault; VALUES (X'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff')";

  private static final Set<String> STEPS =
      Set.of("execute", "executeUpdate", "executeQuery", "executeBatch", "executeLargeUpdate",
          "executeLargeBatch", "commit");

  private final ConnectionSource real;
  private final AtomicInteger steps = new AtomicInteger();
  private volatile int failAt;
  private volatile boolean connectionDies;

  FaultyConnectionSource(ConnectionSource real) {
    this.real = real;
  }

  /**
   * Fails the n-th step from now (1-based; 0 switches faults off). When {@code connectionDies},
   * the connection also refuses rollback afterwards, as a dropped connection would.
   */
  void failAt(int n, boolean connectionDies) {
    this.steps.set(0);
    this.failAt = n;
    this.connectionDies = connectionDies;
  }

  /** Steps counted since the last {@link #failAt}. */
  int steps() {
    return steps.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = real.getConnection();
    boolean[] dead = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            handler(c, dead, true));
  }

  private InvocationHandler handler(Object target, boolean[] dead, boolean isConnection) {
    return (proxy, method, args) -> {
      String name = method.getName();
      if (dead[0] && !name.equals("close")) {
        throw new SQLException("connection is closed", "08003");
      }
      if (STEPS.contains(name)) {
        int step = steps.incrementAndGet();
        if (step == failAt) {
          if (connectionDies) {
            dead[0] = true;
          }
          throw new SQLException(FAULT_MESSAGE, "XX000");
        }
      }
      Object result = invoke(target, method, args);
      if (isConnection && result instanceof Statement s) {
        Class<?> type =
            name.equals("prepareCall")
                ? java.sql.CallableStatement.class
                : name.equals("prepareStatement")
                    ? java.sql.PreparedStatement.class
                    : Statement.class;
        return Proxy.newProxyInstance(
            Statement.class.getClassLoader(), new Class<?>[] {type}, handler(s, dead, false));
      }
      return result;
    };
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
