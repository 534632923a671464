import factory

from inference_bridge.models import Collectivity, InferenceNode


class CollectivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivity
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"collectivity-{n}")
    name = factory.Sequence(lambda n: f"Collectivité {n}")


class InferenceNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InferenceNode

    name = factory.Sequence(lambda n: f"node-{n}")
    operator = factory.SubFactory(CollectivityFactory, slug="paris", name="Ville de Paris")
    engine = "llama_cpp_python"
    base_url = "http://127.0.0.1:9"
    model_alias = "smollm2-135m-instruct"
    slots = 1
    hosting_zone = "FR"
    power_w = 100.0
    pue = 1.5


class LocalNodeFactory(InferenceNodeFactory):
    name = "in-process"
    engine = "in_process"
    base_url = ""
