package dev.pca.web.console;

import dev.pca.application.Certificates;
import dev.pca.application.Issuers;
import dev.pca.application.Templates;
import dev.pca.crypto.KeySpec;
import dev.pca.domain.policy.San;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues a certificate under a template: from a CSR pasted or uploaded, or for a key the server
 * generates, which comes back once as a PKCS#12 under the operator's password and is kept nowhere
 * but in this page until it is downloaded.
 */
@Named
@ViewScoped
public class IssueCertificate implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The core takes CSRs of up to 65536 characters. */
  private static final int MAX_CSR = 65536;

  @EJB private Certificates certificates;
  @EJB private Issuers issuers;
  @EJB private Templates templates;
  @Inject private Callers callers;
  @Inject private Refusals refusals;

  private UUID repository;
  private String mode = "csr";
  private UUID issuerId;
  private UUID templateId;
  private Integer validityDays;
  private String csr;
  private transient Part csrFile;
  private String subject;
  private String sans;
  private KeySpec keySpec = KeySpec.EC_P256;
  private String password;
  private String passwordAgain;
  private transient List<Issuers.View> issuerChoices;
  private transient List<Templates.View> templateChoices;

  /** What the server generated, until it is downloaded; never written anywhere. */
  private byte[] pkcs12;

  private transient Certificates.View keyIssued;

  public void load() {
    if (issuerChoices != null || repository == null) {
      return;
    }
    issuerChoices =
        refusals
            .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
            .orElse(List.of())
            .stream()
            .filter(i -> !i.root() && i.enabled())
            .toList();
    templateChoices =
        refusals
            .attempt("template.list", () -> templates.list(callers.current(), repository))
            .orElse(List.of());
  }

  @Allowed(Task.ISSUE)
  public String issueFromCsr() {
    if (Uploads.tooLarge(csrFile, MAX_CSR)) {
      Texts.error("issue.csr.tooLarge", MAX_CSR / 1024);
      return null;
    }
    String request =
        Uploads.read(csrFile, MAX_CSR)
            .map(bytes -> new String(bytes, StandardCharsets.US_ASCII))
            .orElse(csr);
    if (request == null || request.isBlank()) {
      Texts.error("issue.csr.missing");
      return null;
    }
    Certificates.CsrRequest order = new Certificates.CsrRequest(templateId, request, validityDays);
    return refusals
        .attempt(
            "certificate.issue",
            () -> certificates.issue(callers.current(), issuerId, order, "CONSOLE"))
        .map(
            issued -> {
              Texts.info("issue.issued", issued.certificate().serial());
              Texts.keepForRedirect();
              return "/console/certificates/view?faces-redirect=true&id="
                  + issued.certificate().id();
            })
        .orElse(null);
  }

  @Allowed(Task.ISSUE)
  public String issueWithServerKey() {
    if (password == null || !password.equals(passwordAgain)) {
      Texts.error("issue.password.mismatch");
      return null;
    }
    List<String> problems = new ArrayList<>();
    List<San> names = sans(sans, problems);
    if (!problems.isEmpty()) {
      problems.forEach(p -> Texts.error("issue.san.bad", p));
      return null;
    }
    Certificates.KeyRequest order =
        new Certificates.KeyRequest(
            templateId,
            subject == null ? null : subject.strip(),
            names,
            keySpec,
            password,
            validityDays);
    refusals
        .attempt(
            "certificate.issue",
            () -> certificates.issueWithServerKey(callers.current(), issuerId, order, "CONSOLE"))
        .ifPresent(
            issued -> {
              pkcs12 = Base64.getDecoder().decode(issued.pkcs12());
              keyIssued = issued.certificate();
              password = null;
              passwordAgain = null;
              Texts.info("issue.keyIssued", issued.certificate().serial());
            });
    return null;
  }

  /** Sends the PKCS#12 once and forgets it. */
  @Allowed(Task.ISSUE)
  public void downloadPkcs12() throws IOException {
    if (pkcs12 == null) {
      Texts.error("issue.pkcs12.gone");
      return;
    }
    byte[] file = pkcs12;
    pkcs12 = null;
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext out = faces.getExternalContext();
    out.responseReset();
    out.setResponseContentType("application/pkcs12");
    out.setResponseContentLength(file.length);
    out.setResponseHeader("Cache-Control", "no-store");
    out.setResponseHeader(
        "Content-Disposition",
        "attachment; filename=\"" + (keyIssued == null ? "key" : keyIssued.serial()) + ".p12\"");
    out.getResponseOutputStream().write(file);
    faces.responseComplete();
  }

  /** SANs as typed: one per line as TYPE:value, e.g. DNS:www.example.com or IP:10.0.0.1. */
  static List<San> sans(String text, List<String> problems) {
    List<San> names = new ArrayList<>();
    for (String entry : TemplateForm.entries(text)) {
      int colon = entry.indexOf(':');
      String type = colon < 0 ? "" : entry.substring(0, colon).strip().toUpperCase(Locale.ROOT);
      Optional<San.Type> known =
          java.util.Arrays.stream(San.Type.values()).filter(t -> t.name().equals(type)).findFirst();
      if (known.isEmpty() || entry.substring(colon + 1).isBlank()) {
        problems.add(entry);
      } else {
        names.add(new San(known.get(), entry.substring(colon + 1).strip()));
      }
    }
    return names;
  }

  public Certificates.View getKeyIssued() {
    return keyIssued;
  }

  public List<Issuers.View> getIssuerChoices() {
    return issuerChoices == null ? List.of() : issuerChoices;
  }

  public List<Templates.View> getTemplateChoices() {
    return templateChoices == null ? List.of() : templateChoices;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = "keygen".equals(mode) ? "keygen" : "csr";
  }

  public UUID getIssuerId() {
    return issuerId;
  }

  public void setIssuerId(UUID issuerId) {
    this.issuerId = issuerId;
  }

  public UUID getTemplateId() {
    return templateId;
  }

  public void setTemplateId(UUID templateId) {
    this.templateId = templateId;
  }

  public Integer getValidityDays() {
    return validityDays;
  }

  public void setValidityDays(Integer validityDays) {
    this.validityDays = validityDays;
  }

  public String getCsr() {
    return csr;
  }

  public void setCsr(String csr) {
    this.csr = csr;
  }

  public Part getCsrFile() {
    return csrFile;
  }

  public void setCsrFile(Part csrFile) {
    this.csrFile = csrFile;
  }

  public String getSubject() {
    return subject;
  }

  public void setSubject(String subject) {
    this.subject = subject;
  }

  public String getSans() {
    return sans;
  }

  public void setSans(String sans) {
    this.sans = sans;
  }

  public KeySpec getKeySpec() {
    return keySpec;
  }

  public void setKeySpec(KeySpec keySpec) {
    this.keySpec = keySpec;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getPasswordAgain() {
    return passwordAgain;
  }

  public void setPasswordAgain(String passwordAgain) {
    this.passwordAgain = passwordAgain;
  }
}
