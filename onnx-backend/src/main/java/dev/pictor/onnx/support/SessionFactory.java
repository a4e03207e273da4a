package dev.pictor.onnx.support;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.pictor.BackendUnavailableException;
import dev.pictor.ExecutionDevice;
import dev.pictor.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that maps an {@link ExecutionDevice} to ONNX Runtime session options, applying the
 * PREFER / REQUIRE policy. Stateless. Sessions get their own intra-op threads without spin-waiting,
 * or run on ONNX Runtime's global pool when {@link OrtRuntime#sharedThreadPool()}.
 *
 * <p>With the system property {@value #SPIN_WHILE_RUNNING_PROPERTY}{@code =true} when the class is
 * first used, a session's own threads spin-wait for work while one of its runs is in progress and
 * stop as soon as it returns ({@code session.force_spinning_stop}): faster small runs on idle
 * cores, much slower ones when other processes want the cores (docs/PERFORMANCE.md, "Spin-waiting
 * only during a run"). Off by default.
 */
public final class SessionFactory {
  /** System property: {@code true} lets worker threads spin-wait during runs (see above). */
  public static final String SPIN_WHILE_RUNNING_PROPERTY = "pictor.onnx.spinWhileRunning";

  private static final boolean SPIN_WHILE_RUNNING = Boolean.getBoolean(SPIN_WHILE_RUNNING_PROPERTY);

  private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

  private SessionFactory() {}

  /** A session and the device it actually runs on (the CPU after a PREFER fallback). */
  public record OpenedSession(OrtSession session, ExecutionDevice device) {}

  /**
   * Opens a session for a model.
   *
   * @param modelId for messages
   * @param onnx the model file's bytes
   * @param device requested device
   * @param intraOpThreads threads per run, 0 for the runtime's default
   * @throws BackendUnavailableException if a required device is unavailable
   * @throws ModelException if ONNX Runtime rejects the model
   */
  public static OpenedSession open(
      String modelId, byte[] onnx, ExecutionDevice device, int intraOpThreads)
      throws ModelException {
    return open(modelId, onnx, device, intraOpThreads, Memory.PLANNED);
  }

  /**
   * How a session's CPU memory is managed. ONNX Runtime's defaults ({@link #PLANNED}) suit graphs
   * that run many times at one shape; the others suit big graphs, e.g. a gradient graph over a
   * large image.
   */
  public enum Memory {
    /** Arena plus a memory pattern planned on the first run and reused: the default. */
    PLANNED,
    /**
     * Arena without the planned pattern: blocks freed by one node are reused by the next and by the
     * next run, so the peak stays near the tensors live at one time (the planned pattern can add
     * more than half to it) and later runs take no fresh pages. Kept until the session closes.
     */
    ARENA,
    /**
     * No arena: memory freed by one node goes back to the system at once. Lowest footprint between
     * runs, for a big graph run only a few times; every run pays for fresh pages.
     */
    RETURNED
  }

  /**
   * As {@link #open(String, byte[], ExecutionDevice, int)}, choosing how the session's CPU memory
   * is managed.
   */
  public static OpenedSession open(
      String modelId, byte[] onnx, ExecutionDevice device, int intraOpThreads, Memory memory)
      throws ModelException {
    OrtEnvironment env = OrtRuntime.environment();
    if (device.kind() == ExecutionDevice.Kind.CUDA) {
      String missing = cudaProblem(device);
      if (missing == null) {
        try (OrtSession.SessionOptions options = baseOptions(intraOpThreads, memory)) {
          options.addCUDA(device.deviceId());
          LOG.debug("model {}: session on {}", modelId, device);
          return new OpenedSession(env.createSession(onnx, options), device);
        } catch (OrtException e) {
          missing =
              "ONNX Runtime could not start CUDA device "
                  + device.deviceId()
                  + ": "
                  + e.getMessage();
        }
      }
      if (device.policy() == ExecutionDevice.Policy.REQUIRE) {
        throw new BackendUnavailableException("model " + modelId + ": " + missing);
      }
      LOG.warn("model {}: {}; falling back to the CPU", modelId, missing);
    }
    try (OrtSession.SessionOptions options = baseOptions(intraOpThreads, memory)) {
      LOG.debug("model {}: session on cpu, intra-op threads {}", modelId, intraOpThreads);
      return new OpenedSession(env.createSession(onnx, options), ExecutionDevice.cpu());
    } catch (OrtException e) {
      throw new ModelException(
          "ONNX Runtime cannot load model " + modelId + ": " + e.getMessage(), e);
    }
  }

  /** Why CUDA cannot be used, or null if ONNX Runtime was built with it. */
  private static String cudaProblem(ExecutionDevice device) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return "CUDA device "
          + device.deviceId()
          + " requested, but this ONNX Runtime build has no CUDA provider (use the artifact"
          + " com.microsoft.onnxruntime:onnxruntime_gpu, e.g. mvn -Pcuda, with a CUDA 12 driver"
          + " and cuDNN 9)";
    }
    return null;
  }

  private static OrtSession.SessionOptions baseOptions(int intraOpThreads, Memory memory)
      throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (OrtRuntime.sharedThreadPool()) {
      // the global pool's size and spinning apply (OrtRuntime); intraOpThreads is ignored
      options.disablePerSessionThreads();
    } else {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      if (SPIN_WHILE_RUNNING) {
        // Opt-in: worker threads spin-wait between the operators of one run (no wake-up per
        // parallel section) and stop as soon as the run returns, so that they do not take the
        // cores from the next session of a pipeline.
        options.addConfigEntry("session.intra_op.allow_spinning", "1");
        options.addConfigEntry("session.force_spinning_stop", "1");
      } else {
        // A pipeline runs several sessions one after another (detector, landmarker, encoder): idle
        // worker threads that spin-wait for work would take the cores from the next session's run.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
    }
    if (memory != Memory.PLANNED) {
      options.setMemoryPatternOptimization(false);
    }
    if (memory == Memory.RETURNED) {
      options.setCPUArenaAllocator(false);
    }
    return options;
  }

  /** Closes a session that will not be handed out and returns the error saying why. */
  public static ModelException reject(OrtSession session, String message) {
    ModelException e = new ModelException(message);
    try {
      session.close();
    } catch (OrtException closing) {
      e.addSuppressed(closing);
    }
    return e;
  }

  /**
   * The name of the only input of a session with one input and one output.
   *
   * @throws ModelException (after closing the session) if it has more or fewer
   */
  public static String singleInput(OrtSession session, String modelId, String location)
      throws ModelException {
    if (session.getNumInputs() != 1 || session.getNumOutputs() != 1) {
      throw reject(
          session, "model " + modelId + " at " + location + " must have one input and one output");
    }
    return session.getInputNames().iterator().next();
  }
}
