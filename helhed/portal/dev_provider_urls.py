"""The development identity provider's URLs, under /test-mitid/ (only when settings.DEV_IDP)."""

from django.urls import path

from helhed.portal import dev_provider

app_name = "dev_idp"

urlpatterns = [
    path("", dev_provider.root, name="root"),
    path(".well-known/openid-configuration", dev_provider.discovery, name="discovery"),
    path("authorize/", dev_provider.authorize, name="authorize"),
    path("token/", dev_provider.token, name="token"),
    path("userinfo/", dev_provider.userinfo, name="userinfo"),
    path("jwks/", dev_provider.jwks, name="jwks"),
]
