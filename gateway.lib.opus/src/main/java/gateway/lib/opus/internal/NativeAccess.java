package gateway.lib.opus.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls into the system's C libraries with the Foreign Function and Memory API, seen through plain method
 * handles whose pointers are {@code long} addresses, so that this bundle compiles for and runs on Java 21 — where
 * the API is a preview (enabled by {@code bin/gateway}) — as on Java 22+, where it is final. The API is reached by
 * reflection once, when a library is bound; the handles it gives are then called like any method handle, with no
 * reflection on the audio path.
 *
 * <p>Memory is malloc'd and freed by the caller (C's own {@code malloc}/{@code free}); {@link #copy} moves samples
 * and bytes between Java arrays and such memory. Nothing here checks addresses: the bindings that use it own
 * every buffer they pass.
 *
 * <p>When the API cannot be used (Java 21 without {@code --enable-preview}, native access refused),
 * {@link #problem()} says why, and the bindings fall back to pure Java.
 */
public final class NativeAccess {
    /** Frees the native memory of decoders and resamplers their owners forgot to close (one thread per bundle revision). */
    public static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create(
            Thread.ofPlatform().name("gateway.lib.opus-cleaner").daemon().factory());
    private static final Object LINKER;
    private static final Method DOWNCALL;
    private static final Method LIBRARY_LOOKUP;
    private static final Method FIND;
    private static final Method FUNCTION_OF;
    private static final Method FUNCTION_OF_VOID;
    private static final Object GLOBAL_ARENA;
    private static final Class<?> SEGMENT;
    private static final Class<?> OPTION;
    private static final Object ADDRESS, JAVA_INT, JAVA_LONG, JAVA_DOUBLE, JAVA_BYTE, JAVA_SHORT;
    /** {@code (long) -> MemorySegment} of length 0. */
    private static final MethodHandle OF_ADDRESS;
    /** {@code (MemorySegment) -> long}. */
    private static final MethodHandle ADDRESS_OF;
    private static final MethodHandle MALLOC;
    private static final MethodHandle FREE;
    private static final MethodHandle COPY_BYTES_IN;
    private static final MethodHandle COPY_SHORTS_IN;
    private static final MethodHandle COPY_SHORTS_OUT;
    private static final MethodHandle GET_LONG;
    private static final MethodHandle GET_BYTE;
    private static final MethodHandle PUT_INT;
    private static final String PROBLEM;

    static {
        Object linker = null, arena = null, address = null, jint = null, jlong = null, jdouble = null, jbyte = null, jshort = null;
        Method downcall = null, libraryLookup = null, find = null, functionOf = null, functionOfVoid = null;
        Class<?> segment = null, option = null;
        MethodHandle ofAddress = null, addressOf = null, malloc = null, free = null, bytesIn = null, shortsIn = null, shortsOut = null,
                getLong = null, getByte = null, putInt = null;
        String problem = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layout = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
            option = Class.forName("java.lang.foreign.Linker$Option");
            address = valueLayout.getField("ADDRESS").get(null);
            jint = valueLayout.getField("JAVA_INT").get(null);
            jlong = valueLayout.getField("JAVA_LONG").get(null);
            jdouble = valueLayout.getField("JAVA_DOUBLE").get(null);
            jbyte = valueLayout.getField("JAVA_BYTE").get(null);
            jshort = valueLayout.getField("JAVA_SHORT").get(null);
            linker = linkerType.getMethod("nativeLinker").invoke(null);
            downcall = linkerType.getMethod("downcallHandle", segment, descriptor, option.arrayType());
            libraryLookup = lookupType.getMethod("libraryLookup", String.class, arenaType);
            find = lookupType.getMethod("find", String.class);
            functionOf = descriptor.getMethod("of", layout, layout.arrayType());
            functionOfVoid = descriptor.getMethod("ofVoid", layout.arrayType());
            arena = arenaType.getMethod("global").invoke(null);

            ofAddress = lookup.findStatic(segment, "ofAddress", MethodType.methodType(segment, long.class));
            addressOf = lookup.findVirtual(segment, "address", MethodType.methodType(long.class));
            // one segment spanning all memory: copies take the absolute address as their offset, so no segment
            // object is made per copy
            Object everything = lookup.findVirtual(segment, "reinterpret", MethodType.methodType(segment, long.class))
                    .invoke(segment.getField("NULL").get(null), Long.MAX_VALUE);
            Class<?> ofByte = Class.forName("java.lang.foreign.ValueLayout$OfByte");
            Class<?> ofShort = Class.forName("java.lang.foreign.ValueLayout$OfShort");
            Class<?> ofLong = Class.forName("java.lang.foreign.ValueLayout$OfLong");
            MethodHandle toSegment = lookup.findStatic(segment, "copy",
                    MethodType.methodType(void.class, Object.class, int.class, segment, valueLayout, long.class, int.class));
            MethodHandle fromSegment = lookup.findStatic(segment, "copy",
                    MethodType.methodType(void.class, segment, valueLayout, long.class, Object.class, int.class, int.class));
            // (array, index, address, count)
            bytesIn = MethodHandles.insertArguments(toSegment, 2, everything, jbyte)
                    .asType(MethodType.methodType(void.class, byte[].class, int.class, long.class, int.class));
            shortsIn = MethodHandles.insertArguments(toSegment, 2, everything, jshort)
                    .asType(MethodType.methodType(void.class, short[].class, int.class, long.class, int.class));
            // (address, array, index, count)
            shortsOut = MethodHandles.insertArguments(fromSegment, 0, everything, jshort)
                    .asType(MethodType.methodType(void.class, long.class, short[].class, int.class, int.class));
            getLong = MethodHandles.insertArguments(lookup.findVirtual(segment, "get", MethodType.methodType(long.class, ofLong, long.class)),
                    0, everything, valueLayout.getField("JAVA_LONG_UNALIGNED").get(null));
            Class<?> ofInt = Class.forName("java.lang.foreign.ValueLayout$OfInt");
            putInt = MethodHandles.insertArguments(lookup.findVirtual(segment, "set", MethodType.methodType(void.class, ofInt, long.class, int.class)),
                    0, everything, jint);
            getByte = MethodHandles.insertArguments(lookup.findVirtual(segment, "get", MethodType.methodType(byte.class, ofByte, long.class)),
                    0, everything, jbyte);
            if (!ofByte.isInstance(jbyte) || !ofShort.isInstance(jshort)) throw new IllegalStateException("unexpected value layouts");

            Object libc = linkerType.getMethod("defaultLookup").invoke(linker);
            malloc = bind(linker, downcall, find, functionOf, functionOfVoid, segment, option, libc, "malloc", 'P', "J",
                    address, jint, jlong, jdouble, ofAddress, addressOf);
            free = bind(linker, downcall, find, functionOf, functionOfVoid, segment, option, libc, "free", 'V', "P",
                    address, jint, jlong, jdouble, ofAddress, addressOf);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            problem = "the foreign function API cannot be used on Java " + Runtime.version().feature() + " (" + cause + ")";
        } catch (Throwable t) {
            problem = "the foreign function API cannot be used (" + t + ")";
        }
        LINKER = linker;
        DOWNCALL = downcall;
        LIBRARY_LOOKUP = libraryLookup;
        FIND = find;
        FUNCTION_OF = functionOf;
        FUNCTION_OF_VOID = functionOfVoid;
        GLOBAL_ARENA = arena;
        SEGMENT = segment;
        OPTION = option;
        ADDRESS = address;
        JAVA_INT = jint;
        JAVA_LONG = jlong;
        JAVA_DOUBLE = jdouble;
        JAVA_BYTE = jbyte;
        JAVA_SHORT = jshort;
        OF_ADDRESS = ofAddress;
        ADDRESS_OF = addressOf;
        MALLOC = problem == null ? malloc : null;
        FREE = problem == null ? free : null;
        COPY_BYTES_IN = bytesIn;
        COPY_SHORTS_IN = shortsIn;
        COPY_SHORTS_OUT = shortsOut;
        GET_LONG = getLong;
        GET_BYTE = getByte;
        PUT_INT = putInt;
        PROBLEM = problem;
    }

    private NativeAccess() {
    }

    /** @return why native libraries cannot be called on this runtime, or {@code null} if they can */
    public static String problem() {
        return PROBLEM;
    }

    /**
     * A shared library found by the system's loader (e.g. {@code libopus.so.0}), loaded for the rest of the JVM's
     * life: it is loaded once per JVM whichever revision of this bundle asks.
     */
    public static final class Library {
        private final String name;
        private final Object lookup;

        private Library(String name, Object lookup) {
            this.name = name;
            this.lookup = lookup;
        }

        /**
         * Binds a C function. The signature is written with one letter per value: {@code I} int, {@code J} long
         * (and {@code size_t}, {@code unsigned long}), {@code D} double, {@code P} a pointer (passed and returned
         * as a {@code long} address), {@code V} void (return only).
         *
         * @param function   the symbol
         * @param returns    the return type's letter
         * @param parameters the parameters' letters, in order
         * @return a handle of the matching Java type, e.g. {@code (long, int)int} for {@code "I", "PI"}
         * @throws IllegalStateException if the symbol is not in the library
         */
        public MethodHandle function(String function, char returns, String parameters) {
            try {
                return bind(LINKER, DOWNCALL, FIND, FUNCTION_OF, FUNCTION_OF_VOID, SEGMENT, OPTION, lookup, function, returns, parameters,
                        ADDRESS, JAVA_INT, JAVA_LONG, JAVA_DOUBLE, OF_ADDRESS, ADDRESS_OF);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + ": cannot bind " + function + " (" + e + ")", e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A binding of a shared library made once per JVM, or why it could not be made (the library or the foreign
     * function API is missing).
     *
     * @param library the binding, or {@code null}
     * @param problem why there is none, or {@code null}
     * @param <T>     the binding's type
     */
    public record Binding<T>(T library, String problem) {
        /**
         * Loads the library and binds it.
         *
         * @param soname the library's name for the system's loader
         * @param binder binds the library's functions; it may throw if a symbol is missing
         * @param <T>    the binding's type
         * @return the binding, or the reason it failed
         */
        public static <T> Binding<T> bind(String soname, java.util.function.Function<Library, T> binder) {
            try {
                return new Binding<>(binder.apply(load(soname)), null);
            } catch (RuntimeException | LinkageError e) {
                return new Binding<>(null, e.getMessage());
            }
        }
    }

    /**
     * @param strerror a C function {@code const char *f(int error)} of the library that reported the error
     * @return the library's words for an error code, with the code
     */
    static String describe(MethodHandle strerror, int error) {
        try {
            String s = string((long) strerror.invokeExact(error));
            return s == null ? "error " + error : s + " (" + error + ")";
        } catch (Throwable t) {
            return "error " + error;
        }
    }

    /**
     * Loads a shared library by the name the system's loader knows (its soname).
     *
     * @throws IllegalStateException if the API is unavailable or the library cannot be loaded; the message says why
     */
    public static Library load(String soname) {
        if (PROBLEM != null) throw new IllegalStateException(PROBLEM);
        try {
            return new Library(soname, LIBRARY_LOOKUP.invoke(null, soname, GLOBAL_ARENA));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(soname + " cannot be loaded: " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(soname + " cannot be loaded: " + e, e);
        }
    }

    /** @return {@code size} bytes of native memory, uninitialised (free them with {@link #free}) */
    public static long malloc(long size) {
        try {
            long p = (long) MALLOC.invokeExact(size);
            if (p == 0) throw new OutOfMemoryError("malloc(" + size + ") failed");
            return p;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Frees memory from {@link #malloc}; 0 is ignored. */
    public static void free(long address) {
        if (address == 0) return;
        try {
            FREE.invokeExact(address);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Copies {@code count} bytes from a Java array into native memory. */
    public static void copy(byte[] from, int index, long to, int count) {
        try {
            COPY_BYTES_IN.invokeExact(from, index, to, count);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Copies {@code count} 16-bit samples from a Java array into native memory. */
    public static void copy(short[] from, int index, long to, int count) {
        try {
            COPY_SHORTS_IN.invokeExact(from, index, to, count);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Copies {@code count} 16-bit samples from native memory into a Java array. */
    public static void copy(long from, short[] to, int index, int count) {
        try {
            COPY_SHORTS_OUT.invokeExact(from, to, index, count);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes a 32-bit value at an address (aligned to 4). */
    public static void putInt(long address, int value) {
        try {
            PUT_INT.invokeExact(address, value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** @return the 64-bit value at an address (aligned or not) */
    public static long getLong(long address) {
        try {
            return (long) GET_LONG.invokeExact(address);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** @return the NUL-terminated C string at an address (ASCII/UTF-8), {@code null} for address 0 */
    public static String string(long address) {
        if (address == 0) return null;
        StringBuilder b = new StringBuilder();
        try {
            for (long at = address; b.length() < 4096; at++) {
                byte c = (byte) GET_BYTE.invokeExact(at);
                if (c == 0) break;
                b.append((char) (c & 0xff));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return b.toString();
    }

    private static MethodHandle bind(Object linker, Method downcall, Method find, Method functionOf, Method functionOfVoid,
                                     Class<?> segment, Class<?> option, Object lookup, String function, char returns, String parameters,
                                     Object address, Object jint, Object jlong, Object jdouble, MethodHandle ofAddress,
                                     MethodHandle addressOf) throws ReflectiveOperationException {
        java.util.Optional<?> symbol = (java.util.Optional<?>) find.invoke(lookup, function);
        if (symbol.isEmpty()) throw new IllegalStateException("no symbol " + function);
        Object layouts = Array.newInstance(functionOf.getParameterTypes()[1].getComponentType(), parameters.length());
        for (int i = 0; i < parameters.length(); i++) Array.set(layouts, i, layout(parameters.charAt(i), address, jint, jlong, jdouble));
        Object descriptor = returns == 'V' ? functionOfVoid.invoke(null, layouts)
                : functionOf.invoke(null, layout(returns, address, jint, jlong, jdouble), layouts);
        MethodHandle h = (MethodHandle) downcall.invoke(linker, symbol.get(), descriptor, Array.newInstance(option, 0));
        for (int i = 0; i < parameters.length(); i++) {
            if (parameters.charAt(i) == 'P') h = MethodHandles.filterArguments(h, i, ofAddress);
        }
        if (returns == 'P') h = MethodHandles.filterReturnValue(h, addressOf);
        return h;
    }

    private static Object layout(char c, Object address, Object jint, Object jlong, Object jdouble) {
        return switch (c) {
            case 'I' -> jint;
            case 'J' -> jlong;
            case 'D' -> jdouble;
            case 'P' -> address;
            default -> throw new IllegalArgumentException("unknown type letter " + c);
        };
    }
}
