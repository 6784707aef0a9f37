package dev.limitto.jira.servlet.jakarta;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;

/**
 * The session of a token request: private to the request and discarded with it, so that a token
 * request never reads or writes the session of a cookie the client also sent, and never leaves a
 * session behind for anyone to reuse.
 */
final class PrivateSession implements HttpSession {

  private final String id = "limit-to-" + UUID.randomUUID();
  private final long created = System.currentTimeMillis();
  private final ServletContext context;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private int maxInactive;
  private boolean valid = true;

  PrivateSession(ServletContext context) {
    this.context = context;
  }

  @Override
  public long getCreationTime() {
    checkValid();
    return created;
  }

  @Override
  public String getId() {
    return id;
  }

  @Override
  public long getLastAccessedTime() {
    checkValid();
    return created;
  }

  @Override
  public ServletContext getServletContext() {
    return context;
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    maxInactive = interval;
  }

  @Override
  public int getMaxInactiveInterval() {
    return maxInactive;
  }

  @Override
  public Object getAttribute(String name) {
    checkValid();
    return attributes.get(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid();
    return Collections.enumeration(attributes.keySet());
  }

  @Override
  public void setAttribute(String name, Object value) {
    checkValid();
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void removeAttribute(String name) {
    checkValid();
    attributes.remove(name);
  }

  @Override
  public void invalidate() {
    checkValid();
    valid = false;
    attributes.clear();
  }

  @Override
  public boolean isNew() {
    checkValid();
    return true;
  }

  private void checkValid() {
    if (!valid) {
      throw new IllegalStateException("session invalidated");
    }
  }
}
