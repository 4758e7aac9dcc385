package dev.pca.web.console;

import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.Serializable;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports an existing CA with its private key onto the token: the certificate and key pasted as
 * PEM, or a PKCS#12 file. A self-signed certificate becomes a root; one signed by a root of the
 * repository, an intermediate under it.
 */
@Named
@ViewScoped
public class ImportIssuer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The core takes up to 262144 base64 characters of PKCS#12, 196608 bytes. */
  private static final int MAX_PKCS12 = 196608;

  @EJB private Issuers issuers;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID repository;
  private UUID parentId;
  private String label;
  private String certificate;
  private String privateKey;
  private transient Part pkcs12;
  private String password;
  private Long quota;
  private transient List<Issuers.View> roots;

  @Allowed(Task.MANAGE_ISSUERS)
  public String importCa() {
    if (Uploads.tooLarge(pkcs12, MAX_PKCS12)) {
      Texts.error("issuer.import.tooLarge", MAX_PKCS12 / 1024);
      return null;
    }
    Optional<byte[]> file = Uploads.read(pkcs12, MAX_PKCS12);
    Issuers.ImportDraft draft =
        new Issuers.ImportDraft(
            CreateIssuer.strip(label),
            parentId,
            file.isPresent() ? null : blankToNull(certificate),
            file.isPresent() ? null : blankToNull(privateKey),
            file.map(Base64.getEncoder()::encodeToString).orElse(null),
            blankToNull(password),
            quota);
    return refusals
        .attempt("issuer.import", () -> issuers.importCa(callers.current(), repository, draft))
        .map(
            imported -> {
              Texts.info("issuer.imported", imported.label());
              Texts.keepForRedirect();
              return "/console/issuers/view?faces-redirect=true&id=" + imported.id();
            })
        .orElse(null);
  }

  /** The repository's roots, one of which may have signed the imported intermediate. */
  public List<Issuers.View> getRoots() {
    if (roots == null) {
      roots =
          repository == null
              ? List.of()
              : refusals
                  .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
                  .orElse(List.of())
                  .stream()
                  .filter(Issuers.View::root)
                  .toList();
    }
    return roots;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }

  public UUID getParentId() {
    return parentId;
  }

  public void setParentId(UUID parentId) {
    this.parentId = parentId;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  public String getCertificate() {
    return certificate;
  }

  public void setCertificate(String certificate) {
    this.certificate = certificate;
  }

  public String getPrivateKey() {
    return privateKey;
  }

  public void setPrivateKey(String privateKey) {
    this.privateKey = privateKey;
  }

  public Part getPkcs12() {
    return pkcs12;
  }

  public void setPkcs12(Part pkcs12) {
    this.pkcs12 = pkcs12;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public Long getQuota() {
    return quota;
  }

  public void setQuota(Long quota) {
    this.quota = quota;
  }
}
