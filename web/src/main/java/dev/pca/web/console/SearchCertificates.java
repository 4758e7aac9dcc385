package dev.pca.web.console;

import dev.pca.application.Certificates;
import dev.pca.application.Issuers;
import dev.pca.web.Callers;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Certificates by subject, SAN or serial and by status, one page at a time: the core counts and
 * pages in the database, so a page costs the same with 100 or 100,000 certificates. The search
 * lives in the URL, so a result can be bookmarked and paged with plain links.
 */
@Named
@ViewScoped
public class SearchCertificates implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int PAGE_SIZE = 25;

  @EJB private Certificates certificates;
  @EJB private Issuers issuers;
  @Inject private Callers callers;
  @Inject private Choices choices;
  @Inject private Refusals refusals;

  private UUID repository;
  private UUID issuer;
  private String status;
  private String text;
  private int page = 1;
  private transient Certificates.Page result = new Certificates.Page(List.of(), 0);
  private transient List<Issuers.View> issuerChoices = List.of();

  public void load() {
    repository = choices.repositoryOrFirst(repository);
    page = Math.max(1, page);
    if (repository == null) {
      return;
    }
    issuerChoices =
        refusals
            .attempt("issuer.list", () -> issuers.list(callers.current(), repository))
            .orElse(List.of());
    Certificates.Query query =
        new Certificates.Query(
            repository,
            issuer,
            blankToNull(status),
            blankToNull(text),
            (page - 1) * PAGE_SIZE,
            PAGE_SIZE);
    result =
        refusals
            .attempt("certificate.search", () -> certificates.search(callers.current(), query))
            .orElse(new Certificates.Page(List.of(), 0));
  }

  /** Runs the search the form describes from its first page. */
  public String search() {
    page = 1;
    return "/console/certificates/index?faces-redirect=true&" + parameters(page);
  }

  public String getPreviousPage() {
    return "?" + parameters(page - 1);
  }

  public String getNextPage() {
    return "?" + parameters(page + 1);
  }

  private String parameters(int toPage) {
    StringBuilder query = new StringBuilder("repository=" + repository);
    if (issuer != null) {
      query.append("&issuer=").append(issuer);
    }
    if (status != null && !status.isBlank()) {
      query.append("&status=").append(encode(status));
    }
    if (text != null && !text.isBlank()) {
      query.append("&q=").append(encode(text));
    }
    return query.append("&page=").append(toPage).toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  public boolean isHasPrevious() {
    return page > 1;
  }

  public boolean isHasNext() {
    return (long) page * PAGE_SIZE < result.total();
  }

  public long getPages() {
    return Math.max(1, (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
  }

  public Certificates.Page getResult() {
    return result;
  }

  public List<Issuers.View> getIssuerChoices() {
    return issuerChoices;
  }

  public UUID getRepository() {
    return repository;
  }

  public void setRepository(UUID repository) {
    this.repository = repository;
  }

  public UUID getIssuer() {
    return issuer;
  }

  public void setIssuer(UUID issuer) {
    this.issuer = issuer;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  public int getPage() {
    return page;
  }

  public void setPage(int page) {
    this.page = page;
  }
}
