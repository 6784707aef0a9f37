package dev.limitto.jira.servlet.javax;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.servlet.ServletContext;
import javax.servlet.http.HttpSession;

/**
 * The session of a token request: private to the request and discarded with it, so that a token
 * request never reads or writes the session of a cookie the client also sent, and never leaves a
 * session behind for anyone to reuse.
 */
@SuppressWarnings("deprecation")
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
  public javax.servlet.http.HttpSessionContext getSessionContext() {
    return null;
  }

  @Override
  public Object getAttribute(String name) {
    checkValid();
    return attributes.get(name);
  }

  @Override
  public Object getValue(String name) {
    return getAttribute(name);
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    checkValid();
    return Collections.enumeration(attributes.keySet());
  }

  @Override
  public String[] getValueNames() {
    checkValid();
    return attributes.keySet().toArray(new String[0]);
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
  public void putValue(String name, Object value) {
    setAttribute(name, value);
  }

  @Override
  public void removeAttribute(String name) {
    checkValid();
    attributes.remove(name);
  }

  @Override
  public void removeValue(String name) {
    removeAttribute(name);
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
