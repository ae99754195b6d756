"""Object-permission tables with a direct foreign key to the object.

Guardian filters them with a plain join instead of casting its generic ``object_pk`` text
column, which matters at national scale. Grants are made in ``networks.services`` and read
in ``networks.selectors``.
"""

from django.db import models

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .network import Network
from .organisation import Organisation


class NetworkUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)


class NetworkGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)
