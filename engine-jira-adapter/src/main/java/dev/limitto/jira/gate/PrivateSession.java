package dev.limitto.jira.gate;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session of a token request: private to the request and discarded with it, so that a token
 * request never reads or writes the session of a cookie the client also sent, and never leaves a
 * session behind for anyone to reuse.
 *
 * <p>Written once for both servlet namespaces: {@link #create} implements the binding's {@code
 * HttpSession} interface ({@code javax.servlet.http} or {@code jakarta.servlet.http}) by its
 * method names, so that no namespace has a copy of this policy. Methods of the interface that
 * this class does not know fail with {@link UnsupportedOperationException} (default methods run
 * as the interface defines them).
 */
public final class PrivateSession implements InvocationHandler {

  private final String id = "limit-to-" + UUID.randomUUID();
  private final long created = System.currentTimeMillis();
  private final Object context;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private volatile int maxInactive;
  private volatile boolean valid = true;

  private PrivateSession(Object context) {
    this.context = context;
  }

  /**
   * A new private session implementing {@code sessionInterface}.
   *
   * @param sessionInterface the namespace's {@code HttpSession}
   * @param servletContext what {@code getServletContext()} answers
   */
  public static <S> S create(Class<S> sessionInterface, Object servletContext) {
    Object proxy = Proxy.newProxyInstance(sessionInterface.getClassLoader(),
        new Class<?>[] {sessionInterface}, new PrivateSession(servletContext));
    return sessionInterface.cast(proxy);
  }

  /** The id of a session made by {@link #create}. */
  static String id(Object session) {
    return ((PrivateSession) Proxy.getInvocationHandler(session)).id;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    int arity = args == null ? 0 : args.length;
    switch (name + "/" + arity) {
      case "getId/0":
        return id;
      case "getServletContext/0":
        return context;
      case "getMaxInactiveInterval/0":
        return maxInactive;
      case "setMaxInactiveInterval/1":
        maxInactive = (Integer) args[0];
        return null;
      case "getSessionContext/0": // javax only, deprecated without replacement
        return null;
      case "equals/1":
        return proxy == args[0];
      case "hashCode/0":
        return System.identityHashCode(proxy);
      case "toString/0":
        return "PrivateSession[" + id + "]";
      default:
        break;
    }
    switch (name + "/" + arity) {
      case "getCreationTime/0":
      case "getLastAccessedTime/0":
        checkValid();
        return created;
      case "getAttribute/1":
      case "getValue/1": // javax only, deprecated
        checkValid();
        return attributes.get((String) args[0]);
      case "getAttributeNames/0":
        checkValid();
        return Collections.enumeration(attributes.keySet());
      case "getValueNames/0": // javax only, deprecated
        checkValid();
        return attributes.keySet().toArray(new String[0]);
      case "setAttribute/2":
      case "putValue/2": // javax only, deprecated
        checkValid();
        if (args[1] == null) {
          attributes.remove((String) args[0]);
        } else {
          attributes.put((String) args[0], args[1]);
        }
        return null;
      case "removeAttribute/1":
      case "removeValue/1": // javax only, deprecated
        checkValid();
        attributes.remove((String) args[0]);
        return null;
      case "invalidate/0":
        checkValid();
        valid = false;
        attributes.clear();
        return null;
      case "isNew/0":
        checkValid();
        return true;
      default:
        if (method.isDefault()) {
          return InvocationHandler.invokeDefault(proxy, method, args);
        }
        throw new UnsupportedOperationException(
            "a token request's private session does not support " + name);
    }
  }

  private void checkValid() {
    if (!valid) {
      throw new IllegalStateException("session invalidated");
    }
  }
}
