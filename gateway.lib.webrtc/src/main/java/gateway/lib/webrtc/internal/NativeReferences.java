package gateway.lib.webrtc.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;

/**
 * Releases a reference on a native WebRTC object ({@code webrtc::RefCountInterface::Release()}) held by a
 * webrtc-java object.
 *
 * <p>webrtc-java keeps the native object's address in the private field {@code nativeHandle} of
 * {@code dev.onvoid.webrtc.internal.NativeObject}. Every reference-counted WebRTC interface derives first
 * from {@code RefCountInterface}, whose virtual functions are {@code AddRef()} and {@code Release()}, in that
 * order; with the Itanium C++ ABI used on Linux x86-64 (the only platform this bundle resolves on) the
 * object's first word points to its virtual table and {@code Release} is the table's second entry. It returns
 * {@code RefCountReleaseStatus}: 0 when it dropped the last reference (the object is destroyed).
 *
 * <p>The Foreign Function and Memory API is reached through method handles so that the bundle still runs on
 * Java 21, where that API is a preview: there (or wherever it is refused) {@link #available()} is false and
 * nothing is released.
 */
public final class NativeReferences {

    /** {@code RefCountReleaseStatus::kDroppedLastRef}. */
    private static final int DROPPED_LAST_REF = 0;
    private static final long WORD = 8;

    private static final Field HANDLE;
    /** {@code (long address) -> long}: the 64-bit word at an address. */
    private static final MethodHandle READ_WORD;
    /** {@code (long function, long object) -> int}: calls {@code int function(void *object)}. */
    private static final MethodHandle CALL;
    private static final String UNAVAILABLE;

    static {
        Field handle = null;
        MethodHandle read = null;
        MethodHandle call = null;
        String unavailable = null;
        try {
            handle = Class.forName("dev.onvoid.webrtc.internal.NativeObject").getDeclaredField("nativeHandle");
            handle.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup(); // restricted methods are caller-sensitive
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> ofLong = Class.forName("java.lang.foreign.ValueLayout$OfLong");
            Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> linker = Class.forName("java.lang.foreign.Linker");
            Class<?> option = Class.forName("java.lang.foreign.Linker$Option");

            MethodHandle ofAddress = lookup.findStatic(segment, "ofAddress", MethodType.methodType(segment, long.class));
            MethodHandle reinterpret = lookup.findVirtual(segment, "reinterpret", MethodType.methodType(segment, long.class));
            MethodHandle get = lookup.findVirtual(segment, "get", MethodType.methodType(long.class, ofLong, long.class));
            MethodHandle word = MethodHandles.filterReturnValue(ofAddress, MethodHandles.insertArguments(reinterpret, 1, WORD));
            read = MethodHandles.filterReturnValue(word,
                    MethodHandles.insertArguments(get, 1, valueLayout.getField("JAVA_LONG").get(null), 0L));

            Object layouts = Array.newInstance(memoryLayout, 1);
            Array.set(layouts, 0, valueLayout.getField("ADDRESS").get(null));
            Object signature = descriptor.getMethod("of", memoryLayout, layouts.getClass())
                    .invoke(null, valueLayout.getField("JAVA_INT").get(null), layouts);
            Object nativeLinker = linker.getMethod("nativeLinker").invoke(null);
            MethodHandle downcall = (MethodHandle) linker.getMethod("downcallHandle", descriptor, option.arrayType())
                    .invoke(nativeLinker, signature, Array.newInstance(option, 0));
            call = MethodHandles.filterArguments(downcall, 0, ofAddress, ofAddress);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            unavailable = "native references cannot be released on Java " + Runtime.version().feature()
                    + " (" + cause + ")";
            read = null;
            call = null;
        }
        HANDLE = handle;
        READ_WORD = read;
        CALL = call;
        UNAVAILABLE = unavailable;
    }

    private NativeReferences() {
    }

    /**
     * The native object a webrtc-java object stands for.
     *
     * @param object a webrtc-java object ({@code NativeObject})
     * @return its native address, 0 if it has none (closed, disposed) or it cannot be read
     */
    public static long handle(Object object) {
        if (HANDLE == null || !HANDLE.getDeclaringClass().isInstance(object)) return 0;
        try {
            return HANDLE.getLong(object);
        } catch (IllegalAccessException e) {
            return 0;
        }
    }

    /**
     * Releases one reference on a native reference-counted object. The caller must own that reference (it
     * is given up here) and must not use the address afterwards.
     *
     * @param address the object's address
     * @return {@code true} if that was the last reference (the object is destroyed); {@code false} if other
     *         references remain or nothing could be released
     */
    public static boolean release(long address) {
        if (CALL == null || address == 0 || (address & (WORD - 1)) != 0) return false;
        try {
            long table = (long) READ_WORD.invokeExact(address);
            if (table == 0 || (table & (WORD - 1)) != 0) return false;
            long release = (long) READ_WORD.invokeExact(table + WORD);
            if (release == 0) return false;
            return (int) CALL.invokeExact(release, address) == DROPPED_LAST_REF;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("releasing native object " + Long.toHexString(address) + " failed", e);
        }
    }

    /**
     * Whether {@link #release} works on this runtime.
     *
     * @return {@code true} if it does
     */
    public static boolean available() {
        return CALL != null;
    }

    /**
     * Why {@link #release} does not work here.
     *
     * @return the reason, {@code null} if it works
     */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }
}
