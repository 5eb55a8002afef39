package io.conduit.script;

import java.util.Set;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.WrapFactory;
import org.mozilla.javascript.lc.type.TypeInfo;

/**
 * The host-access policy of one script step: which Java values a script may hold.
 *
 * <p>Rhino turns every Java object a script receives into a JavaScript object with that object's
 * public methods, {@code getClass()} included, and from a {@link Class} a script reaches any
 * static method. So this factory refuses to hand over any Java object whose class is not listed
 * in the step's {@code allowClasses} (and never a {@link Class} object), in addition to Rhino's
 * class shutter, which only guards class look-ups by name. Strings, numbers and booleans pass as
 * JavaScript primitives.
 *
 * <p>Immutable and thread-safe.
 */
final class SandboxWrapFactory extends WrapFactory {

    private final Set<String> allowed;

    SandboxWrapFactory(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
        // Strings and numbers from Java become JavaScript primitives, not java.lang.String objects.
        setJavaPrimitiveWrap(false);
    }

    /** Whether scripts may use the class of this name (also Rhino's class shutter). */
    boolean isAllowed(String className) {
        return allowed.contains(className);
    }

    @Override
    public Object wrap(Context cx, Scriptable scope, Object obj, Class<?> staticType) {
        check(obj);
        return super.wrap(cx, scope, obj, staticType);
    }

    @Override
    public Object wrap(Context cx, Scriptable scope, Object obj, TypeInfo staticType) {
        check(obj);
        return super.wrap(cx, scope, obj, staticType);
    }

    @Override
    public Scriptable wrapNewObject(Context cx, Scriptable scope, Object obj) {
        check(obj);
        return super.wrapNewObject(cx, scope, obj);
    }

    @Override
    public Scriptable wrapAsJavaObject(Context cx, Scriptable scope, Object javaObject, Class<?> staticType) {
        check(javaObject);
        return super.wrapAsJavaObject(cx, scope, javaObject, staticType);
    }

    @Override
    public Scriptable wrapAsJavaObject(Context cx, Scriptable scope, Object javaObject, TypeInfo staticType) {
        check(javaObject);
        return super.wrapAsJavaObject(cx, scope, javaObject, staticType);
    }

    @Override
    public Scriptable wrapJavaClass(Context cx, Scriptable scope, Class<?> javaClass) {
        if (!isAllowed(javaClass.getName())) {
            throw refused(javaClass);
        }
        return super.wrapJavaClass(cx, scope, javaClass);
    }

    private void check(Object obj) {
        if (obj == null || obj instanceof Scriptable || obj instanceof String || obj instanceof Number
                || obj instanceof Boolean || obj instanceof Character || obj instanceof CharSequence && isRhinoString(obj)) {
            return;
        }
        Class<?> type = obj.getClass();
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive() || type == String.class) {
            return;
        }
        if (obj instanceof Class<?> || !isAllowed(type.getName())) {
            throw refused(obj instanceof Class<?> ? Class.class : type);
        }
    }

    /** Rhino's own string type (a concatenation not yet flattened) is a JavaScript string. */
    private static boolean isRhinoString(Object obj) {
        return obj.getClass().getName().startsWith("org.mozilla.javascript.");
    }

    private static RuntimeException refused(Class<?> type) {
        return ScriptRuntime.typeError("Java class " + type.getName()
                + " is not available to this script; list it under allowClasses to use it");
    }
}
