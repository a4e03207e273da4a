package dev.pictor.style.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pictor.ModelException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FastStyleCardTest {

  @Test
  void packagedCardsListEveryVariableOfTheNetwork() throws Exception {
    for (String style : FastStyleTransfer.styles()) {
      FastStyleCard card = FastStyleTransfer.card(style);
      assertThat(card.style()).isEqualTo(style);
      assertThat(card.id()).isEqualTo("fast-style-" + style.replace('_', '-'));
      assertThat(card.directory()).isEqualTo("fast-style-ml5/" + style);
      assertThat(card.files()).containsKey("manifest.json").containsKey("Variable");
      for (int i = 1; i < 48; i++) {
        assertThat(card.files()).containsKey("Variable_" + i);
      }
    }
  }

  @Test
  void unknownStyleIsAModelError() {
    assertThatThrownBy(() -> FastStyleTransfer.card("starry_night"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("unknown style 'starry_night'")
        .hasMessageContaining("udnie");
  }

  @Test
  void cardRejectsBadDigestsAndIsImmutable() {
    assertThatThrownBy(
            () ->
                new FastStyleCard(
                    "i", "s", "t", "1", "d", "u", "a", "MIT", Map.of("manifest.json", "ABC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("manifest.json");
    FastStyleCard card =
        new FastStyleCard("i", "s", "t", "1", "d", "u", "a", "MIT", Map.of("f", "0".repeat(64)));
    assertThatThrownBy(() -> card.files().put("g", "1".repeat(64)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
