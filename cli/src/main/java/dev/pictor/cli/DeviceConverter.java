package dev.pictor.cli;

import dev.pictor.ExecutionDevice;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses the {@code --device} option: {@code cpu}, {@code cuda} and {@code cuda:N}. A CUDA device
 * asked for on the command line is required ({@link ExecutionDevice#requireCuda}): someone who asks
 * for a GPU wants to know when it cannot be used, not a silent fall-back to the CPU.
 *
 * <p>Stateless and thread-safe.
 */
final class DeviceConverter implements ITypeConverter<ExecutionDevice> {
  @Override
  public ExecutionDevice convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.equals("cpu")) {
      return ExecutionDevice.cpu();
    }
    if (text.equals("cuda")) {
      return ExecutionDevice.requireCuda(0);
    }
    if (text.startsWith("cuda:")) {
      String id = text.substring("cuda:".length());
      if (id.matches("[0-9]{1,4}")) {
        return ExecutionDevice.requireCuda(Integer.parseInt(id));
      }
    }
    throw new TypeConversionException(
        "'" + value + "' is not a device: use cpu, cuda or cuda:N (N = 0, 1, ...)");
  }
}
