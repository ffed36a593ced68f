from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html

from floor.models import Citizen


def citizen(request, pk):
    person = get_object_or_404(Citizen, pk=pk)
    return HttpResponse(format_html("<!doctype html><title>Floor</title><p>{} {}</p>", person.first_name, person.last_name))


urlpatterns = [path("citizen/<int:pk>/", citizen)]
