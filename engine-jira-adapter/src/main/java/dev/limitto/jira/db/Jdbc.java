package dev.limitto.jira.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Borrowing connections, running transactions, and turning driver errors into
 * {@link StoreException}s that are safe to log.
 *
 * <p>Driver messages can quote the values of a statement (H2 prints the key of a violated unique
 * index, PostgreSQL its {@code DETAIL}), and the values here are secret hashes and ciphertexts. So
 * a failure keeps the driver's message only when it is about reaching the database (SQLState
 * class 08, or no connection at all); any other failure carries just the operation, the SQLState
 * and the vendor code.
 */
public final class Jdbc {

  public static final String ERR_UNAVAILABLE =
      "token store unavailable: cannot reach the database (during %s)";
  public static final String ERR_FAILED =
      "token store %s failed (SQLState %s, vendor code %d); driver message withheld as it may"
          + " quote stored values";
  public static final String ERR_UNEXPECTED =
      "token store %s failed: the JDBC driver threw %s; its message is withheld as it may quote"
          + " stored values";

  /** Work on a borrowed connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Jdbc() {}

  /** Runs read-only work on a connection as the source hands it out. */
  public static <T> T read(ConnectionSource source, String operation, Work<T> work) {
    Connection c = borrow(source, operation);
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(operation, e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(operation, e);
    } finally {
      closeQuietly(c);
    }
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when anything fails
   * (including a {@link StoreException} it throws itself, such as a conflict). Auto-commit is
   * restored before the connection goes back, so a pooled connection is returned as it was lent.
   */
  public static <T> T transaction(ConnectionSource source, String operation, Work<T> work) {
    Connection c = borrow(source, operation);
    try {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        restoreAutoCommit(c, autoCommit);
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unexpected(operation, e);
    } finally {
      closeQuietly(c);
    }
  }

  public static Connection borrow(ConnectionSource source, String operation) {
    Connection c;
    try {
      c = source.getConnection();
    } catch (SQLException | RuntimeException e) {
      throw new StoreException(String.format(ERR_UNAVAILABLE, operation), e);
    }
    if (c == null) {
      throw new StoreException(String.format(ERR_UNAVAILABLE, operation));
    }
    return c;
  }

  public static StoreException failure(String operation, SQLException e) {
    String state = e.getSQLState();
    if ((state != null && state.startsWith("08"))
        || e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException) {
      return new StoreException(String.format(ERR_UNAVAILABLE, operation), e);
    }
    return new StoreException(
        String.format(ERR_FAILED, operation, state, e.getErrorCode()),
        new SQLException("withheld", state, e.getErrorCode()));
  }

  /** A driver or pool bug surfacing as an unchecked exception: still a store failure. */
  public static StoreException unexpected(String operation, RuntimeException e) {
    return new StoreException(String.format(ERR_UNEXPECTED, operation, e.getClass().getName()));
  }

  public static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException | RuntimeException broken) {
      // The connection is broken; closing it ends the transaction on the server without a commit.
    }
  }

  /** A failure to close after a commit must not turn a committed write into a reported error. */
  public static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Nothing useful to do: the pool or the server discards the connection.
    }
  }

  private static void restoreAutoCommit(Connection c, boolean autoCommit) {
    try {
      c.setAutoCommit(autoCommit);
    } catch (SQLException | RuntimeException ignored) {
      // Broken connection: nothing to restore, close() follows.
    }
  }
}
