"""Who may use which photos and documents.

Wagtail's collection ownership rules apply (rights granted on a collection pass down to the
collections below it; whoever may add may also edit their own uploads), with one addition:
the files kept directly in the root collection are the newsroom's shared pool.
"""

from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class SharedRootCollectionPolicy(CollectionOwnershipPermissionPolicy):
    """Anyone who may choose files somewhere may also choose those in the root collection itself.

    A right granted on the root would reach every regional office's collection below it, so a
    regional office gets its rights on its own collection only. With this policy its people can
    still put the central photos and documents into their articles, but cannot change them, and
    see nothing of another office's collection.
    """

    def may_choose_shared(self, user, actions) -> bool:
        return (
            "choose" in actions
            and user.is_active
            and user.is_authenticated
            and not user.is_superuser
            and self._check_perm(user, ["choose"])
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if self.may_choose_shared(user, actions) and instance.collection.is_root():
            return True
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if self.may_choose_shared(user, actions):
            # By collection, not collection__depth: the search backend filters on indexed fields.
            instances |= self.model._default_manager.filter(collection__in=Collection.objects.filter(depth=1))
        return instances

    def collections_user_has_any_permission_for(self, user, actions):
        collections = super().collections_user_has_any_permission_for(user, actions)
        if self.may_choose_shared(user, actions):
            collections |= Collection.objects.filter(depth=1)
        return collections
