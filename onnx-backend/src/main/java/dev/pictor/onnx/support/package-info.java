/**
 * What other Pictor modules may use from the ONNX Runtime engine, and nothing else: the guarded
 * session ({@link dev.pictor.onnx.support.GuardedSession}), how sessions are opened on a device
 * ({@link dev.pictor.onnx.support.SessionFactory}), the one place ONNX Runtime's environment is
 * created ({@link dev.pictor.onnx.support.OrtRuntime}), area resampling into network input planes
 * ({@link dev.pictor.onnx.support.AreaResampler}) and the packing of aligned faces into encoder
 * input ({@link dev.pictor.onnx.support.FaceTensors}).
 *
 * <p>This is support for Pictor's own modules ({@code pictor-style}, {@code pictor-learning}), like
 * SLF4J's {@code helpers} package: public because Java packages have no module-private visibility,
 * documented so that its users are known, and free to change between minor versions. Applications
 * use the {@code pictor-api} types instead. {@code docs/ARCHITECTURE.md} lists what may depend on
 * what; {@code ArchitectureTest} enforces it.
 */
package dev.pictor.onnx.support;
