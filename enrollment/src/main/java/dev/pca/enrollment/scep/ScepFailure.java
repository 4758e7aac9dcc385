package dev.pca.enrollment.scep;

/** A request the server refuses with a CertRep FAILURE: the failInfo says why. */
public class ScepFailure extends Exception {
  private final FailInfo failInfo;

  public ScepFailure(FailInfo failInfo, String message) {
    super(message);
    this.failInfo = failInfo;
  }

  public FailInfo failInfo() {
    return failInfo;
  }
}
