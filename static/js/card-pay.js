/*
 * The card form of the card payment page: Stripe's Payment Element for the checkout's
 * PaymentIntent (created on the server), confirmed here in the browser. Stripe handles
 * 3-D Secure and then sends the buyer to the return page, where the server reads the
 * PaymentIntent from Stripe before it says "paid".
 */
(function () {
  "use strict";
  var form = document.getElementById("card-form");
  if (!form) { return; }
  var message = document.getElementById("card-message");
  var button = document.getElementById("card-submit");
  if (typeof window.Stripe !== "function") {
    message.textContent = form.dataset.error;
    return;
  }
  var stripe = window.Stripe(form.dataset.key, { locale: form.dataset.locale || "id" });
  var elements = stripe.elements({ clientSecret: form.dataset.secret });
  var payment = elements.create("payment", { layout: "tabs" });
  payment.mount("#card-element");
  payment.on("ready", function () { button.disabled = false; });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    message.textContent = "";
    if (form.dataset.action) {
      // Left in the middle of 3-D Secure: finish that step, then let the server check.
      stripe.handleNextAction({ clientSecret: form.dataset.secret }).then(function (result) {
        if (result.error) {
          message.textContent = result.error.message || form.dataset.error;
          button.disabled = false;
        } else {
          window.location.assign(form.dataset.return);
        }
      });
      return;
    }
    stripe.confirmPayment({
      elements: elements,
      confirmParams: { return_url: form.dataset.return }
    }).then(function (result) {
      // Only reached when the payment could not start (declined, invalid card): on
      // success Stripe goes to the return page itself.
      if (result.error) {
        message.textContent = result.error.message || form.dataset.error;
        button.disabled = false;
      }
    });
  });
})();
