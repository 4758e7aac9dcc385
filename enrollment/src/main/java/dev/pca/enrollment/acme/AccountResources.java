package dev.pca.enrollment.acme;

import dev.pca.application.Acme;
import jakarta.ejb.EJBException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;

/**
 * Accounts: creation with external account binding, look-up by key, update of contacts,
 * deactivation, the orders list and key rollover.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8555#section-7.3">RFC 8555 section 7.3</a>
 */
final class AccountResources {
  /** How many of an account's orders its orders list shows, newest first. */
  static final int MAX_ORDERS = 1000;

  private final Acme acme;

  AccountResources(Acme acme) {
    this.acme = acme;
  }

  /**
   * Section 7.3: 201 with the new account, or 200 with the one this key has already; with {@code
   * onlyReturnExisting}, accountDoesNotExist when there is none.
   */
  AcmeResponse newAccount(AcmeCall call) throws AcmeError, Acme.Problem {
    JsonObject payload = call.jws().payloadObject();
    Jwk key = call.signed().jwk();
    Acme.Account existing = acme.accountByThumbprint(call.profileId(), key.thumbprint());
    if (existing != null) {
      if (existing.status() != Acme.AccountStatus.VALID) {
        throw AcmeError.unauthorized(
            "The account of this key is " + existing.status().name().toLowerCase() + ".");
      }
      return answer(200, existing, call);
    }
    if (payload.get("onlyReturnExisting") == JsonValue.TRUE) {
      throw new Acme.Problem(
          Acme.ProblemType.ACCOUNT_DOES_NOT_EXIST, "No account of this profile has this key.");
    }
    List<String> contact = Contacts.parse(payload.get("contact"));
    JsonValue eab = payload.get("externalAccountBinding");
    Acme.Binding binding = null;
    if (eab instanceof JsonObject object) {
      binding = ExternalAccountBinding.check(object, key, call.urls().newAccount());
    } else if (eab != null && eab != JsonValue.NULL) {
      throw AcmeError.malformed("'externalAccountBinding' is a JWS object.");
    }
    Acme.Account account;
    try {
      account =
          acme.newAccount(
              call.actor(), call.profileId(), key.canonical(), key.thumbprint(), contact, binding);
    } catch (EJBException e) {
      // Two registrations with one key at once: the second one's insert meets the first one's
      // account (one account per key and profile), which is then the answer.
      Acme.Account first = acme.accountByThumbprint(call.profileId(), key.thumbprint());
      if (first == null) {
        throw e;
      }
      return answer(200, first, call);
    }
    return answer(201, account, call);
  }

  /**
   * Section 7.3.2 and 7.3.6: the account (POST-as-GET or an empty object), new contacts, or
   * deactivation with {@code "status": "deactivated"}.
   */
  AcmeResponse account(AcmeCall call, UUID accountId) throws AcmeError, Acme.Problem {
    own(call, accountId);
    Acme.Account account = call.signed().account();
    if (call.jws().postAsGet()) {
      return answer(200, account, call);
    }
    JsonObject payload = call.jws().payloadObject();
    JsonValue status = payload.get("status");
    if (status != null) {
      if (!(status instanceof JsonString word)
          || !(word.getString().equals("deactivated") || word.getString().equals("valid"))) {
        throw AcmeError.malformed("An account's status may only change to \"deactivated\".");
      }
      if (word.getString().equals("deactivated")) {
        return answer(200, acme.deactivateAccount(call.actor(), accountId), call);
      }
    }
    if (payload.containsKey("contact")) {
      account = acme.updateAccount(call.actor(), accountId, Contacts.parse(payload.get("contact")));
    }
    return answer(200, account, call);
  }

  /** Section 7.1.2.1: the account's orders, newest first. */
  AcmeResponse orders(AcmeCall call, UUID accountId) throws AcmeError {
    own(call, accountId);
    return AcmeResponse.json(
        200, AcmeObjects.orders(acme.orders(accountId, MAX_ORDERS), call.urls()));
  }

  /**
   * Section 7.3.5: the account's key becomes the inner JWS's. "If there is an existing account with
   * the new key ... the server MUST return a 409 (Conflict) response code with a Location header
   * field".
   */
  AcmeResponse keyChange(AcmeCall call) throws AcmeError, Acme.Problem {
    Jwk newKey =
        KeyChange.check(
            call.jws().payloadObject(),
            call.url(),
            call.jws().headerString("kid"),
            call.signed().jwk());
    Acme.Account holder = acme.accountByThumbprint(call.profileId(), newKey.thumbprint());
    if (holder != null) {
      throw AcmeError.conflict(
          "Another account has the new key.", call.urls().account(holder.id()));
    }
    Acme.Account account =
        acme.changeKey(call.actor(), call.accountId(), newKey.canonical(), newKey.thumbprint());
    return answer(200, account, call);
  }

  private static void own(AcmeCall call, UUID accountId) throws AcmeError {
    if (!accountId.equals(call.accountId())) {
      throw AcmeError.unauthorized("This is not the account that signed the request.");
    }
  }

  private static AcmeResponse answer(int status, Acme.Account account, AcmeCall call) {
    return AcmeResponse.json(status, AcmeObjects.account(account, call.urls()))
        .withHeader("Location", call.urls().account(account.id()));
  }
}
