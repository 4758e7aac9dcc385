package dev.pca.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SerialTest {
  @Test
  void newSerial_tenThousandArePositiveExactlyTwentyOctetsAndUnique() {
    SecureRandom random = new SecureRandom();
    Set<BigInteger> seen = new HashSet<>();

    for (int i = 0; i < 10_000; i++) {
      BigInteger serial = CertificateMaker.newSerial(random).value();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.toByteArray()).hasSize(20);
      seen.add(serial);
    }

    assertThat(seen).hasSize(10_000);
  }

  @Test
  void hex_isLowerCaseHexadecimalOfTheValue() {
    assertThat(new Serial(new BigInteger("00AbCdEf", 16)).hex()).isEqualTo("abcdef");
    assertThat(new Serial(BigInteger.ONE).hex()).isEqualTo("1");
  }

  @Test
  void constructor_refusesZeroNegativeAndMoreThanTwentyOctets() {
    assertThatThrownBy(() -> new Serial(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Serial(BigInteger.ONE.negate()))
        .isInstanceOf(IllegalArgumentException.class);
    // 2^159 needs a leading zero octet to stay positive: 21 octets.
    assertThatThrownBy(() -> new Serial(BigInteger.ONE.shiftLeft(159)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Serial(BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE)).value())
        .isPositive();
  }
}
